import type { z } from 'zod';
import type { Booking } from '../domain/booking.js';
import type { Seat, SeatCounts, Show } from '../domain/show.js';
import type {
  bookingCreatedView,
  bookingView,
  seatMapView,
  showSummaryView,
  showView,
} from './schemas.js';

/** A show as the API shows it. */
export function toShowView(show: Show): z.infer<typeof showView> {
  return {
    showId: show.showId,
    title: show.title,
    startsAt: show.startsAt.toISOString(),
    priceCents: show.priceCents,
    rows: show.rows,
    seatsPerRow: show.seatsPerRow,
    createdAt: show.createdAt.toISOString(),
  };
}

/** GET /shows/:showId. */
export function toShowSummaryView(show: Show, seats: SeatCounts): z.infer<typeof showSummaryView> {
  return { show: toShowView(show), seats: { ...seats } };
}

/** The seat map: statuses only (who holds a seat is nobody else's business; fences are internal). */
export function toSeatMapView(showId: string, seats: readonly Seat[]): z.infer<typeof seatMapView> {
  return { showId, seats: seats.map((seat) => ({ seatId: seat.seatId, status: seat.status })) };
}

/** What POST /bookings answers. */
export function toBookingCreatedView(booking: Booking): z.infer<typeof bookingCreatedView> {
  return {
    bookingId: booking.bookingId,
    status: 'held',
    showId: booking.showId,
    seats: [...booking.seats],
    amountCents: booking.amountCents,
    expiresAt: booking.expiresAt.toISOString(),
  };
}

/** A booking as the API shows it. */
export function toBookingView(booking: Booking): z.infer<typeof bookingView> {
  return {
    bookingId: booking.bookingId,
    showId: booking.showId,
    seats: [...booking.seats],
    customerId: booking.customerId,
    walletId: booking.walletId,
    amountCents: booking.amountCents,
    status: booking.status,
    reason: booking.reason,
    expiresAt: booking.expiresAt.toISOString(),
    createdAt: booking.createdAt.toISOString(),
    updatedAt: booking.updatedAt.toISOString(),
  };
}
