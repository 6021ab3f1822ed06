import { seatId } from '@lockstep/contracts';
import { identifier, text } from '@lockstep/service-kit';
import { z } from 'zod';
import { bookingStatuses, maxSeatsPerBooking } from '../domain/booking.js';
import { maxRows, maxSeatsPerRow } from '../domain/seat-map.js';
import { maxPriceCents, seatStatuses } from '../domain/show.js';

/** A show id: what every seat lock resource and URL carries, so kept short and plain. */
export const showId = identifier({
  max: 64,
  pattern: /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
  patternMessage: 'expected 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit',
}).describe('Show id, e.g. "rrr-2026-05-09-1900".');

/** POST /shows. */
export const createShowBody = z.strictObject({
  showId: showId.optional().describe('Chosen by the caller; generated (a UUID) when absent.'),
  title: text({ max: 200 }).describe('What is playing.'),
  startsAt: z.iso.datetime({ offset: true }).describe('When the show starts (ISO 8601).'),
  priceCents: z.number().int().min(1).max(maxPriceCents).describe('Price of one seat, in cents.'),
  rows: z.number().int().min(1).max(maxRows).describe('Rows of the hall, lettered A..Z.'),
  seatsPerRow: z
    .number()
    .int()
    .min(1)
    .max(maxSeatsPerRow)
    .describe('Seats in every row, numbered from 1.'),
});

/** `/shows/:showId`. */
export const showParams = z.strictObject({ showId });

/** A show. */
export const showView = z.object({
  showId: z.string(),
  title: z.string(),
  startsAt: z.string(),
  priceCents: z.number().int(),
  rows: z.number().int(),
  seatsPerRow: z.number().int(),
  createdAt: z.string(),
});

/** GET /shows/:showId: the show and how many seats are in each status. */
export const showSummaryView = z.object({
  show: showView,
  seats: z.object({
    total: z.number().int(),
    free: z.number().int(),
    held: z.number().int().describe('Held by bookings whose payment is running.'),
    booked: z.number().int().describe('Paid for.'),
  }),
});

/** GET /shows/:showId/seats: every seat in hall order (A1, A2, ..., B1, ...). */
export const seatMapView = z.object({
  showId: z.string(),
  seats: z.array(z.object({ seatId: z.string(), status: z.enum(seatStatuses) })),
});

/** POST /bookings. */
export const createBookingBody = z.strictObject({
  showId,
  seats: z
    .array(seatId.max(5))
    .min(1)
    .max(maxSeatsPerBooking)
    .refine((seats) => new Set(seats).size === seats.length, { error: 'seats must be distinct' })
    .describe('The seats to hold together, all or none, e.g. ["C7", "C8"].'),
  customerId: identifier()
    .optional()
    .describe(
      "Who books: the bearer token's subject. Optional, and refused (403) unless it is that " +
        'subject: kept so clients that name the customer keep working.',
    ),
  walletId: identifier().describe(
    "The wallet payment debits; payment refuses it (wallet-not-owned) unless it is the customer's.",
  ),
});

/** `/bookings/:bookingId`. */
export const bookingParams = z.strictObject({ bookingId: identifier() });

/** What POST /bookings answers. */
export const bookingCreatedView = z.object({
  bookingId: z.string().describe('Also the payment id of its charge.'),
  status: z.literal('held'),
  showId: z.string(),
  seats: z.array(z.string()),
  amountCents: z.number().int(),
  expiresAt: z.string().describe('When the hold ends unless the payment completes (ISO 8601).'),
});

/** A booking. */
export const bookingView = z.object({
  bookingId: z.string(),
  showId: z.string(),
  seats: z.array(z.string()),
  customerId: z.string(),
  walletId: z.string(),
  amountCents: z.number().int(),
  status: z.enum(bookingStatuses),
  reason: z.string().nullable(),
  expiresAt: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** GET /audit?settled=true. */
export const auditQuery = z.strictObject({
  settled: z
    .enum(['true', 'false'])
    .optional()
    .describe(
      'true once load has stopped: every booking must then be terminal, not only those past their deadline.',
    ),
});

/**
 * How seat-lock outcomes are answered. Contention is 429, not 503 (as inventory's SKU_BUSY):
 * losing a race for a seat is an expected outcome of a rush, and 5xx would page operators and
 * make load balancers eject healthy replicas; 503 is kept for faults.
 */
export const lockResponses = {
  busy: 'SEATS_BUSY: a seat lock stayed taken for the whole wait; ADMISSION_FULL: too many attempts in flight. Retry after Retry-After',
  unavailable:
    'LOCK_UNAVAILABLE, LOCK_LOST or FENCE_REJECTED: the locks could not be confirmed; nothing was written',
};
