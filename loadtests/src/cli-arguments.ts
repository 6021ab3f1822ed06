import { parseArgs } from 'node:util';
import { isScenarioName, type ScenarioName, scenarioNames } from './scenarios.js';

/** What `npm run load:<scenario> -- ...` asked for. */
export interface CliArguments {
  scenario: ScenarioName;
  rate: number;
  duration: string;
  replicas: number;
  /** Extra k6 environment: `--skus 100` becomes SKUS=100, `--env NAME=value` as given. */
  env: Record<string, string>;
  dashboard: boolean;
  /** Leave up the servers of the local stack this run had to start. */
  keepStack: boolean;
}

/** The usage text. */
export const usage = `usage: npm run load:<${scenarioNames.join('|')}> -- [options]
  --rate N          peak arrivals per second (default 20)
  --duration D      how long arrivals go on, e.g. 30s, 2m (default 30s)
  --replicas N      replicas per service (default 2)
  --skus N          flash-sale: spread the crowd over N SKUs of 50 units (default 1)
  --max-errors N    errors tolerated before the run fails (default 0)
  --p95 MS          also fail when p95 of accepted or rejected requests reaches MS
  --env NAME=VALUE  any other k6 setting (repeatable), e.g. --env STOCK=500
  --dashboard       also export k6's web dashboard (runs of 30 s or more)
  --keep-stack      leave up the local stack's servers this run had to start (default: stop them)`;

/** Parses argv (after the node and script paths); throws with the usage on a bad argument. */
export function parseCliArguments(argv: string[]): CliArguments {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      rate: { type: 'string', default: '20' },
      duration: { type: 'string', default: '30s' },
      replicas: { type: 'string', default: '2' },
      skus: { type: 'string' },
      'max-errors': { type: 'string' },
      p95: { type: 'string' },
      env: { type: 'string', multiple: true, default: [] },
      dashboard: { type: 'boolean', default: false },
      'keep-stack': { type: 'boolean', default: false },
    },
  });
  const scenario = positionals[0] ?? '';
  if (!isScenarioName(scenario)) throw new Error(`unknown scenario "${scenario}"\n${usage}`);
  const env: Record<string, string> = {};
  if (values.skus !== undefined) env.SKUS = String(positive('--skus', values.skus));
  if (values['max-errors'] !== undefined) env.MAX_ERRORS = values['max-errors'];
  if (values.p95 !== undefined) env.P95_MS = String(positive('--p95', values.p95));
  for (const pair of values.env) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new Error(`--env expects NAME=VALUE, got "${pair}"\n${usage}`);
    env[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  if (!/^(\d+(ms|s|m|h))+$/.test(values.duration)) {
    throw new Error(`--duration expects a duration like 30s or 2m, got "${values.duration}"`);
  }
  return {
    scenario,
    rate: positive('--rate', values.rate),
    duration: values.duration,
    replicas: positive('--replicas', values.replicas),
    env,
    dashboard: values.dashboard,
    keepStack: values['keep-stack'],
  };
}

function positive(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${flag} expects a positive number, got "${text}"\n${usage}`);
  }
  return value;
}
