/** Where a booking is in its saga. */
export type BookingStatus = 'held' | 'confirmed' | 'cancelled' | 'expired' | 'refund-pending';

/** Every status, for schemas and the database CHECK. */
export const bookingStatuses = [
  'held',
  'confirmed',
  'cancelled',
  'expired',
  'refund-pending',
] as const satisfies readonly BookingStatus[];

/** Most seats one booking may hold (the booking events carry at most ten). */
export const maxSeatsPerBooking = 10;

/** Why a booking left `held` without seats because its hold ran out. */
export const holdExpiredReason = 'hold-expired';

/** Why a refund-pending booking ended: its money went back to the wallet. */
export const refundedReason = 'refunded';

/** A booking as the booking service keeps it. */
export interface Booking {
  /** A UUID; also the payment id of its charge. */
  readonly bookingId: string;
  readonly showId: string;
  /** The seats it holds or owns, in hall order. */
  readonly seats: readonly string[];
  readonly customerId: string;
  readonly walletId: string;
  readonly amountCents: number;
  readonly status: BookingStatus;
  /** Why it was cancelled, expired or waits for a refund; null otherwise. */
  readonly reason: string | null;
  /** When the hold ends unless the payment completes first (database clock). */
  readonly expiresAt: Date;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** What a booking pays: the show's seat price times its seats, in cents. */
export function bookingAmountCents(priceCents: number, seats: number): number {
  return priceCents * seats;
}

/**
 * Whether the booking is finished with its seats: confirmed (it owns them), cancelled, or
 * expired (released; a payment arriving later may still re-take them or be refunded).
 */
export function isTerminal(status: BookingStatus): boolean {
  return status === 'confirmed' || status === 'cancelled' || status === 'expired';
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether `id` can name a booking at all. Booking ids are UUIDs; anything else (another
 * saga's reference, a mistyped URL) names no booking and is answered without a query, which
 * Postgres would refuse for a uuid column.
 */
export function isBookingId(id: string): boolean {
  return uuidPattern.test(id);
}
