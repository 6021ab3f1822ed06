import { findBooking } from '../db/bookings.js';
import { type Booking, isBookingId } from '../domain/booking.js';
import { bookingNotFound } from '../domain/booking-errors.js';
import type { ServiceDeps } from './service-deps.js';

/** Reads a booking; BOOKING_NOT_FOUND if there is none (or the id cannot name one). */
export async function getBooking(deps: ServiceDeps, bookingId: string): Promise<Booking> {
  const booking = isBookingId(bookingId) ? await findBooking(deps.pool, bookingId) : undefined;
  if (!booking) throw bookingNotFound(bookingId);
  return booking;
}
