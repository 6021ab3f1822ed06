import { Fleet, type FleetOptions } from '@lockstep/infra-local';
import { ensureBuilt, ensureLocalStack, releaseLocalStack } from './ensure-stack.js';
import { runScenario, type ScenarioOptions, type ScenarioRun } from './run-scenario.js';

/** A whole load run: the stack, a fleet, one scenario. */
export interface LoadRunOptions extends Omit<ScenarioOptions, 'targets'> {
  /** Replicas per service (default 2, so every lock has a real competitor). */
  replicas?: number;
  /** Extra fleet settings (service env, log folder). */
  fleet?: Partial<Omit<FleetOptions, 'scenario' | 'replicas'>>;
  /** Told what happens while the stack and fleet start and stop (default: stderr). */
  log?: (message: string) => void;
  /** Leave up the servers this run had to start (default: stop them at the end). */
  keepStack?: boolean;
}

/**
 * `npm run load:<scenario>`: ensures the local stack is up, starts a fleet, runs the scenario
 * against it, stops the fleet whatever happened, then stops the servers it had to start (unless
 * `keepStack`). The verdict is the k6 run's.
 */
export async function runLoad(options: LoadRunOptions): Promise<ScenarioRun> {
  const log = options.log ?? ((message: string) => console.error(`[load] ${message}`));
  const started = ensureLocalStack(log);
  try {
    ensureBuilt(log);
    const fleet = await Fleet.start({
      ...options.fleet,
      scenario: `load-${options.scenario}`,
      replicas: options.replicas ?? 2,
      onProgress: (message) => log(message),
      code: 'built',
    });
    try {
      log(`running k6 ${options.scenario} at ${options.rate}/s for ${options.duration}`);
      return await runScenario({ ...options, targets: fleet.targets() });
    } finally {
      await fleet.stop();
      log(`fleet stopped; replica logs in ${fleet.logDir}`);
    }
  } finally {
    releaseLocalStack(started, options.keepStack ?? false, log);
  }
}
