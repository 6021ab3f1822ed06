import { type Logger, sweepEach } from '@lockstep/service-kit';
import { bookingMetrics } from '../telemetry/booking-metrics.js';
import { expireHold, holdsToExpire } from '../use-cases/expire-holds.js';
import type { ServiceDeps } from '../use-cases/service-deps.js';

/**
 * Releases seat holds whose payment never finished: the oldest expired holds, each in turn; a
 * failing hold is logged and retried next sweep. Run by the leader of an etcd election only
 * (the kit's addHoldSweep), so replicas do not queue on the same seat locks for the same
 * holds. A second sweeper would be safe anyway (each release re-reads its booking under the
 * seat locks, fenced), just wasteful. On leadership loss `term` fires and the sweep stops at
 * once: a lock wait is cancelled and an open transaction rolls back.
 */
export async function sweepExpiredHolds(
  deps: ServiceDeps,
  batchSize: number,
  term: AbortSignal,
  log: Logger,
): Promise<number> {
  const released = await sweepEach(
    await holdsToExpire(deps, batchSize),
    term,
    async (hold) => {
      if (!(await expireHold(deps, hold, term))) return 0;
      // expireHold committed before returning: the booking is now expired for good.
      bookingMetrics.sagaOutcome('booking', 'expired');
      return 1;
    },
    (error, hold) =>
      log.warn(
        { err: error, bookingId: hold.bookingId },
        'could not release an expired hold; next sweep retries',
      ),
  );
  if (released > 0) log.info({ released }, 'expired holds swept');
  return released;
}
