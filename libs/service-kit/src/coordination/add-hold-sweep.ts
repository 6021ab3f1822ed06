import { OverdueHoldsGauge } from '@lockstep/telemetry';
import type { Logger } from '../logging/create-logger.js';
import type { RowGuardWiring } from './create-row-guard.js';
import { ElectedLoop, type ElectedLoopOptions } from './elected-loop.js';

/** The config keys a hold sweep reads. */
export interface HoldSweepConfig {
  SERVICE_NAME: string;
  /** Candidate id in the election. */
  INSTANCE_ID: string;
  SWEEP_INTERVAL_MS: number;
  SWEEP_BATCH_SIZE: number;
}

/** Options for {@link addHoldSweep}: the election, the sweep itself, and what the gauge reads. */
export interface HoldSweepOptions {
  /** Who sweeps: the leader of this election only. */
  election: ElectedLoopOptions['election'];
  /** The saga whose holds are swept: the overdue-holds gauge's `saga` label. */
  saga: string;
  /**
   * One sweep, run by the leader only: releases up to `batchSize` expired holds and resolves
   * with how many it released. `term` is the round's (see ElectedLoopOptions.round); `log` is
   * bound to `component: hold-sweeper`.
   */
  sweep(batchSize: number, term: AbortSignal, log: Logger): Promise<number>;
  /** Seconds the oldest live hold is past its expiry (0 when none is). */
  readOverdueSeconds(): Promise<number>;
}

/**
 * Adds a saga owner's hold sweep to the runtime: an {@link ElectedLoop} named `hold-sweeper`
 * running every SWEEP_INTERVAL_MS, so only the leader sweeps and replicas do not queue on the
 * same locks for the same holds, then the overdue-holds gauge, which every replica reports
 * whoever leads: the alert on it must catch the sweep not happening at all. Returns the loop
 * (leadership and stats, for tests).
 */
export function addHoldSweep(
  base: Pick<RowGuardWiring, 'runtime' | 'logger'>,
  config: HoldSweepConfig,
  options: HoldSweepOptions,
): ElectedLoop {
  const log = base.logger.child({ component: 'hold-sweeper' });
  const sweeper = base.runtime.add(
    new ElectedLoop({
      name: 'hold-sweeper',
      election: options.election,
      candidateId: config.INSTANCE_ID,
      intervalMs: config.SWEEP_INTERVAL_MS,
      logger: base.logger,
      round: (term) => options.sweep(config.SWEEP_BATCH_SIZE, term, log),
    }),
  );
  base.runtime.add(
    new OverdueHoldsGauge({
      serviceName: config.SERVICE_NAME,
      saga: options.saga,
      readOverdueSeconds: options.readOverdueSeconds,
    }),
  );
  return sweeper;
}
