import { findBooking, lockBooking } from '../db/bookings.js';
import { lockSeats } from '../db/seats.js';
import type { Sql } from '../db/sql.js';
import { type Booking, isBookingId } from '../domain/booking.js';
import {
  paymentResultApplies,
  type Settlement,
  settleCompleted,
  settleFailed,
  settleRefunded,
} from '../domain/settlement.js';
import type { Seat } from '../domain/show.js';
import { applySettlement } from './apply-settlement.js';
import type { ServiceDeps } from './service-deps.js';

/** A payment result for a booking, as the consumer translates it from the event. */
export type PaymentOutcome =
  | { readonly kind: 'completed'; readonly bookingId: string }
  | { readonly kind: 'failed'; readonly bookingId: string; readonly reason: string }
  | { readonly kind: 'refunded'; readonly bookingId: string };

/** What applying an outcome did: the booking's new status, or why nothing changed. */
export type SettleResult = Booking['status'] | 'unknown-booking' | 'no-effect';

/**
 * Applies a payment outcome inside the consumer's transaction `tx` (which also records the
 * event as processed). Outcomes that move seats run under all the booking's seat locks
 * (acquireAll), fenced. A booking this database does not know is ignored: payment-results is
 * shared by every saga and every test run. An outcome that finds its booking already past it
 * (a late duplicate under a new event id) changes nothing.
 *
 * The seat locks are released when this returns, just before the consumer commits; the seat
 * row locks taken here cover that gap (the next holder's lockSeats waits for the commit).
 */
export async function settlePayment(
  deps: ServiceDeps,
  tx: Sql,
  outcome: PaymentOutcome,
): Promise<SettleResult> {
  if (!isBookingId(outcome.bookingId)) return 'unknown-booking';
  // Read without a row lock: the seat locks must come first (see lockBooking).
  const snapshot = await findBooking(tx, outcome.bookingId);
  if (!snapshot) return 'unknown-booking';
  if (!paymentResultApplies(outcome.kind, snapshot.status)) return 'no-effect';
  if (outcome.kind === 'refunded') {
    // Only the booking row changes (its seats went elsewhere when it expired): no seat lock.
    const booking = await lockBooking(tx, outcome.bookingId);
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
      const booking = await lockBooking(tx, outcome.bookingId);
      // Bookings are never deleted, so this is a broken database, not a race.
      if (!booking) throw new Error(`booking ${outcome.bookingId} vanished`);
      const settlement = settle(
        outcome,
        booking,
        await lockSeats(tx, booking.showId, booking.seats),
      );
      if (settlement === null) return 'no-effect';
      await applySettlement(tx, held, booking, settlement);
      held.assertHeld();
      return settlement.status;
    },
  );
}

function settle(
  outcome: Exclude<PaymentOutcome, { kind: 'refunded' }>,
  booking: Booking,
  seats: readonly Seat[],
): Settlement | null {
  switch (outcome.kind) {
    case 'completed':
      return settleCompleted(booking, seats);
    case 'failed':
      return settleFailed(booking, seats, outcome.reason);
  }
}
