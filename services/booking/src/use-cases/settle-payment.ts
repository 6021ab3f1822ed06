import type { PaymentResult, SettleResult } from '@lockstep/contracts';
import { lockBooking } from '../db/bookings.js';
import { lockSeats } from '../db/seats.js';
import type { Sql } from '../db/sql.js';
import type { Booking } from '../domain/booking.js';
import { paymentResultApplies, settleRefunded, settleSeatPayment } from '../domain/settlement.js';
import { applySettlement } from './apply-settlement.js';
import type { ServiceDeps } from './service-deps.js';

/**
 * Applies a payment outcome inside the consumer's transaction `tx` (which also records the
 * event as processed). Outcomes that move seats run under all the booking's seat locks
 * (acquireAll), fenced. `snapshot` is the booking as the consumer read it without a row lock
 * (the seat locks must come first, see lockBooking); it names the seats to lock, and the booking
 * is read again under them. An outcome that finds its booking already past it
 * (a late duplicate under a new event id) changes nothing.
 *
 * The seat locks are released when this returns, just before the consumer commits; the seat
 * row locks taken here cover that gap (the next holder's lockSeats waits for the commit).
 */
export async function settlePayment(
  deps: ServiceDeps,
  tx: Sql,
  outcome: PaymentResult,
  snapshot: Booking,
): Promise<SettleResult<Booking['status']>> {
  if (!paymentResultApplies(outcome.kind, snapshot.status)) return 'no-effect';
  if (outcome.kind === 'refunded') {
    // Only the booking row changes (its seats went elsewhere when it expired): no seat lock.
    const booking = await lockBooking(tx, outcome.id);
    const settlement = booking && settleRefunded(booking);
    if (!booking || !settlement) return 'no-effect';
    await applySettlement(tx, undefined, booking, settlement);
    return settlement.status;
  }
  return deps.seatLocks.run(
    snapshot.showId,
    snapshot.seats,
    { waitMs: deps.backgroundLockWaitMs },
    async (held) => {
      const booking = await lockBooking(tx, outcome.id);
      // Bookings are never deleted, so this is a broken database, not a race.
      if (!booking) throw new Error(`booking ${outcome.id} vanished`);
      const seats = await lockSeats(tx, booking.showId, booking.seats);
      const settlement = settleSeatPayment(outcome, booking, seats);
      if (settlement === null) return 'no-effect';
      await applySettlement(tx, held, booking, settlement);
      held.assertHeld();
      return settlement.status;
    },
  );
}
