import { sortSeats } from './seat-map.js';
import type { Seat } from './show.js';

/** The requested seats the show does not have, in hall order. */
export function unknownSeats(requested: readonly string[], found: readonly Seat[]): string[] {
  const known = new Set(found.map((seat) => seat.seatId));
  return sortSeats(requested.filter((seatId) => !known.has(seatId)));
}

/** The seats that are not free (held or booked by someone), in hall order. */
export function takenSeats(seats: readonly Seat[]): string[] {
  return sortSeats(seats.filter((seat) => seat.status !== 'free').map((seat) => seat.seatId));
}

/** Whether every seat is held by `bookingId` (what a live hold must look like). */
export function heldBy(seats: readonly Seat[], bookingId: string): boolean {
  return seats.every((seat) => seat.status === 'held' && seat.bookingId === bookingId);
}

/** Whether every seat is free. */
export function allFree(seats: readonly Seat[]): boolean {
  return seats.every((seat) => seat.status === 'free');
}
