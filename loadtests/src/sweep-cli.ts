import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { Fleet } from '@lockstep/infra-local';
import { ensureBuilt, ensureLocalStack, releaseLocalStack } from './ensure-stack.js';
import { sweepHeader, sweepRates, sweepRow } from './rate-sweep.js';
import { isScenarioName } from './scenarios.js';

// The performance tables of docs/loadtests.md: one fleet, each named scenario at increasing
// rates, one table per scenario.
//   npm run load:sweep -- flash-sale tatkal --rates 5,10,20,40 --duration 20s \
//     [--replicas 2] [--env SKUS=100] [--keep-stack]
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    rates: { type: 'string', default: '10,20,40,80,160' },
    duration: { type: 'string', default: '20s' },
    replicas: { type: 'string', default: '2' },
    env: { type: 'string', multiple: true, default: [] },
    'keep-stack': { type: 'boolean', default: false },
  },
});
const scenarios = positionals.filter(isScenarioName);
if (scenarios.length === 0 || scenarios.length !== positionals.length) {
  console.error(`expected scenario names, got "${positionals.join(' ')}"`);
  process.exit(2);
}
const env = Object.fromEntries(values.env.map((pair) => pair.split('=', 2) as [string, string]));
const log = (message: string) => console.error(`[sweep] ${message}`);
const started = ensureLocalStack(log);
ensureBuilt(log);
const fleet = await Fleet.start({
  scenario: `sweep-${scenarios.join('-')}`,
  replicas: Number(values.replicas),
  onProgress: log,
  code: 'built',
});
try {
  for (const scenario of scenarios) {
    const steps = await sweepRates({
      scenario,
      rates: values.rates.split(',').map(Number),
      duration: values.duration,
      targets: fleet.targets(),
      env,
      onStep: (step) => log(`${scenario} ${sweepRow(step)}  (load ${loadAverage()})`),
    });
    console.log(
      `\n${scenario} ${values.duration} per rate, ${values.replicas} replicas, ${JSON.stringify(env)}, load average ${loadAverage()}`,
    );
    console.log(sweepHeader);
    for (const step of steps) console.log(sweepRow(step));
  }
} finally {
  await fleet.stop();
  releaseLocalStack(started, values['keep-stack'], log);
}

/** The 1, 5 and 15 minute load averages: the machine is shared, so figures carry them. */
function loadAverage(): string {
  return loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
}
