import { EtcdElection } from '@lockstep/locks';
import { ElectedLoop, type ElectedLoopStats, type Logger } from '@lockstep/service-kit';
import { bookingMetrics } from '../telemetry/booking-metrics.js';
import { expireHold, holdsToExpire } from '../use-cases/expire-holds.js';
import type { ServiceDeps } from '../use-cases/service-deps.js';

/** Options for {@link HoldSweeper}. */
export interface HoldSweeperOptions {
  deps: ServiceDeps;
  /** etcd client URLs (the election keeps its own connection and session). */
  endpoints: string[];
  /** The election's name; the sweepers of one deployment share it. */
  election: string;
  /** This replica's id, the candidate id shown as leader. */
  instanceId: string;
  /** Pause between sweeps, in ms. */
  intervalMs: number;
  /** Most holds released per sweep. */
  batchSize: number;
  logger: Logger;
}

/** What a sweeper has done: terms led, sweeps (rounds) run, holds released (handled). */
export type SweeperStats = ElectedLoopStats;

/**
 * Releases seat holds whose payment never finished. Every replica campaigns in an etcd
 * election and only the leader sweeps (the kit's ElectedLoop), so replicas do not queue on the
 * same seat locks for the same holds. A second sweeper would be safe anyway (each release
 * re-reads its booking under the seat locks, fenced), just wasteful. On leadership loss the
 * sweep stops at once: a lock wait is cancelled and an open transaction rolls back.
 */
export class HoldSweeper extends ElectedLoop {
  constructor(options: HoldSweeperOptions) {
    const log = options.logger.child({ component: 'hold-sweeper' });
    super({
      name: 'hold-sweeper',
      election: new EtcdElection({ endpoints: options.endpoints, name: options.election }),
      candidateId: options.instanceId,
      intervalMs: options.intervalMs,
      logger: options.logger,
      round: (term) => sweep(options, log, term),
    });
  }
}

/** One pass over the expired holds; a failing hold is logged and retried next pass. */
async function sweep(
  { deps, batchSize }: HoldSweeperOptions,
  log: Logger,
  term: AbortSignal,
): Promise<number> {
  const holds = await holdsToExpire(deps, batchSize);
  let released = 0;
  for (const hold of holds) {
    if (term.aborted) break;
    try {
      if (await expireHold(deps, hold, term)) {
        released += 1;
        // expireHold committed before returning: the booking is now expired for good.
        bookingMetrics.sagaOutcome('booking', 'expired');
      }
    } catch (error) {
      if (term.aborted) break;
      log.warn(
        { err: error, bookingId: hold.bookingId },
        'could not release an expired hold; next sweep retries',
      );
    }
  }
  if (released > 0) log.info({ released }, 'expired holds swept');
  return released;
}
