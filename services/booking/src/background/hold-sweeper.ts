import { EtcdElection } from '@lockstep/locks';
import { type HoldSweepOptions, sweepEach } from '@lockstep/service-kit';
import type { BookingConfig } from '../config.js';
import { oldestOverdueHoldSeconds } from '../db/bookings.js';
import { bookingMetrics } from '../telemetry/booking-metrics.js';
import { expireHold, holdsToExpire } from '../use-cases/expire-holds.js';
import type { ServiceDeps } from '../use-cases/service-deps.js';

/**
 * Booking's hold sweep, for the kit's addHoldSweep. Each sweep releases seat holds whose
 * payment never finished: the oldest `batchSize` expired holds, each in turn; a failing hold is
 * logged and retried next sweep. Run by the leader of an etcd election (SWEEPER_ELECTION) only, so replicas do
 * not queue on the same seat locks for the same holds. A second sweeper would be safe anyway
 * (each release re-reads its booking under the seat locks, fenced), just wasteful. On
 * leadership loss `term` fires and the sweep stops at once: a lock wait is cancelled and an
 * open transaction rolls back. Every replica reports how overdue the oldest hold is.
 */
export function bookingHoldSweep(
  deps: ServiceDeps,
  config: Pick<BookingConfig, 'ETCD_ENDPOINTS' | 'SWEEPER_ELECTION'>,
): HoldSweepOptions {
  return {
    election: new EtcdElection({ endpoints: config.ETCD_ENDPOINTS, name: config.SWEEPER_ELECTION }),
    saga: 'booking',
    async sweep(batchSize, term, log) {
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
    },
    readOverdueSeconds: () => oldestOverdueHoldSeconds(deps.pool),
  };
}
