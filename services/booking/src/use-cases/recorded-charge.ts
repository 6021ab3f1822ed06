import { type RecordedCharge, type RecordedEntity, settlementCurrency } from '@lockstep/contracts';
import { findBooking } from '../db/bookings.js';
import type { Sql } from '../db/sql.js';
import { type Booking, isBookingId } from '../domain/booking.js';

/**
 * The booking and the charge POST /bookings asked payment for, as the booking records it: the payment id is
 * the booking id, in the settlement currency. Undefined for a booking this database never had
 * (or an id that cannot be one). Read without a lock: a booking's wallet and amount never
 * change after it is held.
 */
export async function findBookingCharge(
  tx: Sql,
  bookingId: string,
): Promise<RecordedEntity<Booking> | undefined> {
  if (!isBookingId(bookingId)) return undefined;
  const booking = await findBooking(tx, bookingId);
  if (booking === undefined) return undefined;
  const charge: RecordedCharge = {
    paymentId: booking.bookingId,
    walletId: booking.walletId,
    amountCents: booking.amountCents,
    currency: settlementCurrency,
    reference: { kind: 'booking', id: booking.bookingId },
  };
  return { record: booking, charge };
}
