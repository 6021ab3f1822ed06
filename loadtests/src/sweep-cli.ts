import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { Fleet } from '@lockstep/infra-local';
import { ensureLocalStack } from './ensure-stack.js';
import { sweepHeader, sweepRates, sweepRow } from './rate-sweep.js';
import { isScenarioName } from './scenarios.js';

// The performance table of docs/loadtests.md: one fleet, one scenario at increasing rates.
//   npx tsx --conditions=lockstep-source loadtests/src/sweep-cli.ts flash-sale \
//     --rates 25,50,100,200 --duration 20s [--replicas 2] [--env SKUS=100]
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    rates: { type: 'string', default: '10,20,40,80,160' },
    duration: { type: 'string', default: '20s' },
    replicas: { type: 'string', default: '2' },
    env: { type: 'string', multiple: true, default: [] },
  },
});
const scenario = positionals[0] ?? '';
if (!isScenarioName(scenario)) {
  console.error(`unknown scenario "${scenario}"`);
  process.exit(2);
}
const env = Object.fromEntries(values.env.map((pair) => pair.split('=', 2) as [string, string]));
const log = (message: string) => console.error(`[sweep] ${message}`);
ensureLocalStack(log);
const fleet = await Fleet.start({
  scenario: `sweep-${scenario}`,
  replicas: Number(values.replicas),
  onProgress: log,
});
try {
  const steps = await sweepRates({
    scenario,
    rates: values.rates.split(',').map(Number),
    duration: values.duration,
    targets: fleet.targets(),
    env,
    onStep: (step) => log(`${sweepRow(step)}  (load ${loadAverage()})`),
  });
  console.log(
    `\n${scenario} ${values.duration} per rate, ${values.replicas} replicas, load average ${loadAverage()}`,
  );
  console.log(sweepHeader);
  for (const step of steps) console.log(sweepRow(step));
} finally {
  await fleet.stop();
}

/** The 1, 5 and 15 minute load averages: the machine is shared, so figures carry them. */
function loadAverage(): string {
  return loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
}
