import { withTransaction } from '@lockstep/service-kit';
import { expiredHolds, lockExpiredHold } from '../db/bookings.js';
import { lockSeats } from '../db/seats.js';
import type { Booking } from '../domain/booking.js';
import { settleExpired } from '../domain/settlement.js';
import { applySettlement } from './apply-settlement.js';
import type { ServiceDeps } from './service-deps.js';

/** Held bookings past their expiry, oldest first; at most `limit`. */
export function holdsToExpire(deps: ServiceDeps, limit: number): Promise<Booking[]> {
  return expiredHolds(deps.pool, limit);
}

/**
 * Releases one expired hold: under all its seat locks, fenced, in one transaction, the
 * booking becomes 'expired', its seats are free again and booking.cancelled (hold-expired) is
 * enqueued. A hold settled meanwhile (paid, failed) is skipped: it is re-read under the locks.
 * `signal` (the sweeper's leadership) cancels the wait and, once it fires, rolls the
 * transaction back. Returns whether it released the hold.
 */
export async function expireHold(
  deps: ServiceDeps,
  hold: Booking,
  signal: AbortSignal,
): Promise<boolean> {
  const released = await deps.seatLocks.run(
    hold.showId,
    hold.seats,
    { waitMs: deps.backgroundLockWaitMs, signal },
    (held) =>
      withTransaction(deps.pool, async (tx) => {
        const booking = await lockExpiredHold(tx, hold.bookingId);
        if (!booking) return false;
        const settlement = settleExpired(
          booking,
          await lockSeats(tx, booking.showId, booking.seats),
        );
        if (settlement === null) return false;
        await applySettlement(tx, held, booking, settlement);
        held.assertHeld();
        return true;
      }),
  );
  if (released) deps.wakeRelay();
  return released;
}
