import { defineEvent } from '@lockstep/events';
import { z } from 'zod';
import { cents, id } from './common.js';
import { Topics } from './topics.js';

/** A seat label within a show, e.g. `A12`. */
export const seatId = z
  .string()
  .regex(/^[A-Z]{1,2}[0-9]{1,3}$/, 'a row letter and a seat number, e.g. A12');

/** All held seats were paid: they now belong to the booking. */
export const bookingConfirmed = defineEvent({
  type: 'booking.confirmed',
  version: 1,
  topic: Topics.bookings,
  key: (p) => p.bookingId,
  schema: z.object({
    bookingId: id,
    showId: id,
    seats: z.array(seatId).min(1).max(10),
    customerId: id,
    amountCents: cents,
  }),
});

/** The booking ended without seats (payment failed, hold expired); its seats are free again. */
export const bookingCancelled = defineEvent({
  type: 'booking.cancelled',
  version: 1,
  topic: Topics.bookings,
  key: (p) => p.bookingId,
  schema: z.object({
    bookingId: id,
    showId: id,
    seats: z.array(seatId).min(1).max(10),
    reason: z.string().max(200),
  }),
});
