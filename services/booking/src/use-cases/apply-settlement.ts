import { bookingCancelled, bookingConfirmed, enqueueRefundRequest } from '@lockstep/contracts';
import { enqueue } from '@lockstep/events';
import { setBookingStatus } from '../db/bookings.js';
import type { SeatState } from '../db/seats.js';
import type { Sql } from '../db/sql.js';
import type { Booking } from '../domain/booking.js';
import type { SeatChange, Settlement } from '../domain/settlement.js';
import type { HeldSeats } from './seat-locks.js';

/**
 * Writes a settlement in the caller's transaction, under the booking's seat locks: each seat
 * fenced by its own lease (a refused write throws FENCE_REJECTED and the transaction rolls
 * back), then the booking's status, then the event the saga owes.
 */
export async function applySettlement(
  tx: Sql,
  held: HeldSeats | undefined,
  booking: Booking,
  settlement: Settlement,
): Promise<void> {
  const state = seatStateAfter(settlement.seats, booking.bookingId);
  if (state !== undefined) {
    // Seats only move under their locks; a settlement that moves seats without them is a bug.
    if (held === undefined) throw new Error(`settling ${booking.bookingId} needs its seat locks`);
    for (const seatId of booking.seats) await held.writeSeat(tx, seatId, state);
  }
  await setBookingStatus(tx, booking.bookingId, settlement.status, settlement.reason);
  await emitSettlement(tx, booking, settlement);
}

function seatStateAfter(change: SeatChange, bookingId: string): SeatState | undefined {
  switch (change) {
    case 'book':
      return { status: 'booked', bookingId };
    case 'release':
      return { status: 'free', bookingId: null };
    case 'none':
      return undefined;
  }
}

/**
 * Enqueues the event a settlement owes the saga. The payment id of a booking is its booking
 * id (POST /bookings sets it so), which makes a refund request name the very charge it undoes.
 */
async function emitSettlement(tx: Sql, booking: Booking, settlement: Settlement): Promise<void> {
  switch (settlement.effect) {
    case 'confirm':
      await enqueue(tx, bookingConfirmed, {
        bookingId: booking.bookingId,
        showId: booking.showId,
        seats: [...booking.seats],
        customerId: booking.customerId,
        amountCents: booking.amountCents,
      });
      return;
    case 'cancel':
      await enqueue(tx, bookingCancelled, {
        bookingId: booking.bookingId,
        showId: booking.showId,
        seats: [...booking.seats],
        reason: settlement.reason ?? 'cancelled',
      });
      return;
    case 'request-refund':
      await enqueueRefundRequest(tx, { kind: 'booking', id: booking.bookingId }, settlement.reason);
      return;
    case 'none':
      return;
  }
}
