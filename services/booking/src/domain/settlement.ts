import { type Booking, type BookingStatus, holdExpiredReason, refundedReason } from './booking.js';
import { allFree, heldBy } from './seat-hold.js';
import type { Seat } from './show.js';

/** What happens to a booking's seats: sold to it, given back, or left as they are. */
export type SeatChange = 'book' | 'release' | 'none';

/** What the saga must tell others after a settlement. */
export type SettlementEffect = 'confirm' | 'cancel' | 'request-refund' | 'none';

/**
 * One step of a booking's saga, decided from its status and the current state of its seats:
 * the new status and reason, what happens to the seats, and the event to emit. `null` means
 * the message changes nothing (already settled, or a late duplicate).
 */
export interface Settlement {
  readonly status: BookingStatus;
  readonly reason: string | null;
  readonly seats: SeatChange;
  readonly effect: SettlementEffect;
}

type BookingState = Pick<Booking, 'bookingId' | 'status'>;

/** The payment results a booking reacts to. */
export type PaymentResultKind = 'completed' | 'failed' | 'refunded';

const appliesTo: Record<PaymentResultKind, readonly BookingStatus[]> = {
  completed: ['held', 'expired'],
  failed: ['held'],
  refunded: ['refund-pending'],
};

/**
 * Whether a payment result can change a booking in `status`. Lets the consumer skip taking
 * the seat locks for a late duplicate; the settle functions decide again under the locks.
 */
export function paymentResultApplies(kind: PaymentResultKind, status: BookingStatus): boolean {
  return appliesTo[kind].includes(status);
}

/**
 * A held booking's seats must all be held by it: the seat locks and the fence guarantee it.
 * Anything else is a broken database, not a race; refusing keeps the damage from spreading.
 */
function assertHolds(booking: BookingState, seats: readonly Seat[]): void {
  if (!heldBy(seats, booking.bookingId)) {
    throw new Error(`booking ${booking.bookingId} is held but does not hold all of its seats`);
  }
}

/**
 * The payment went through. A live hold is sold. A hold that expired while the payment ran
 * re-takes its seats if they are all still free; otherwise the money must go back
 * (refund-pending until payment confirms the refund). Anything else was settled already.
 */
export function settleCompleted(booking: BookingState, seats: readonly Seat[]): Settlement | null {
  if (booking.status === 'held') {
    assertHolds(booking, seats);
    return { status: 'confirmed', reason: null, seats: 'book', effect: 'confirm' };
  }
  if (booking.status === 'expired') {
    if (allFree(seats)) {
      return { status: 'confirmed', reason: null, seats: 'book', effect: 'confirm' };
    }
    return {
      status: 'refund-pending',
      reason: holdExpiredReason,
      seats: 'none',
      effect: 'request-refund',
    };
  }
  return null;
}

/** The payment was refused: a live hold gives its seats back and the booking is cancelled. */
export function settleFailed(
  booking: BookingState,
  seats: readonly Seat[],
  reason: string,
): Settlement | null {
  if (booking.status !== 'held') return null;
  assertHolds(booking, seats);
  return { status: 'cancelled', reason, seats: 'release', effect: 'cancel' };
}

/** The hold ran out before the payment finished: its seats are free again. */
export function settleExpired(booking: BookingState, seats: readonly Seat[]): Settlement | null {
  if (booking.status !== 'held') return null;
  assertHolds(booking, seats);
  return { status: 'expired', reason: holdExpiredReason, seats: 'release', effect: 'cancel' };
}

/** The refund of a payment that came too late was booked: the booking ends cancelled. */
export function settleRefunded(booking: BookingState): Settlement | null {
  if (booking.status !== 'refund-pending') return null;
  return { status: 'cancelled', reason: refundedReason, seats: 'none', effect: 'none' };
}

/** A payment result that moves seats, as settling needs it: its kind, and a refusal's reason. */
export type SeatPaymentOutcome =
  | { readonly kind: 'completed' }
  | { readonly kind: 'failed'; readonly reason: string };

/** What a seat-moving payment result makes of a booking and its seats; null: nothing changes. */
export function settleSeatPayment(
  outcome: SeatPaymentOutcome,
  booking: BookingState,
  seats: readonly Seat[],
): Settlement | null {
  return outcome.kind === 'completed'
    ? settleCompleted(booking, seats)
    : settleFailed(booking, seats, outcome.reason);
}
