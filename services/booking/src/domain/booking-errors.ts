import { DomainError } from '@lockstep/service-kit';

/**
 * Every refusal booking raises, each with a stable code that callers and the consumer branch
 * on. The domain knows no HTTP: http/error-table.ts says which status each code is answered
 * with, and lock outcomes (contention, a lost lease) are answered there too.
 */
export const BookingErrorCode = {
  /** POST /shows with a show id that already exists. */
  ShowExists: 'SHOW_EXISTS',
  /** The show does not exist. */
  ShowNotFound: 'SHOW_NOT_FOUND',
  /** A requested seat is not in the show's hall. */
  SeatNotFound: 'SEAT_NOT_FOUND',
  /** The booking does not exist. */
  BookingNotFound: 'BOOKING_NOT_FOUND',
  /** A requested seat is held or booked by another booking; nothing was held. */
  SeatsTaken: 'SEATS_TAKEN',
  /** A seat lock stayed taken for the whole wait; nothing was held (retry). */
  SeatsBusy: 'SEATS_BUSY',
  /** Every admission permit is in use: the rush is over capacity (retry). */
  AdmissionFull: 'ADMISSION_FULL',
  /** A newer holder of a seat lock wrote first: this (stale) holder's write was refused. */
  FenceRejected: 'FENCE_REJECTED',
} as const;

/** One of {@link BookingErrorCode}'s values. */
export type BookingErrorCode = (typeof BookingErrorCode)[keyof typeof BookingErrorCode];

/** SHOW_EXISTS. */
export function showExists(showId: string): DomainError {
  return new DomainError(BookingErrorCode.ShowExists, `show ${showId} already exists`);
}

/** SHOW_NOT_FOUND. */
export function showNotFound(showId: string): DomainError {
  return new DomainError(BookingErrorCode.ShowNotFound, `show ${showId} does not exist`);
}

/** SEAT_NOT_FOUND, naming every seat the hall does not have. */
export function seatNotFound(showId: string, seats: readonly string[]): DomainError {
  return new DomainError(
    BookingErrorCode.SeatNotFound,
    `show ${showId} has no seat ${seats.join(', ')}`,
    { details: { seats } },
  );
}

/** BOOKING_NOT_FOUND. */
export function bookingNotFound(bookingId: string): DomainError {
  return new DomainError(BookingErrorCode.BookingNotFound, `booking ${bookingId} does not exist`);
}

/** SEATS_TAKEN, naming the seats someone else holds or owns, so a client can pick others. */
export function seatsTaken(showId: string, seats: readonly string[]): DomainError {
  return new DomainError(
    BookingErrorCode.SeatsTaken,
    `seats ${seats.join(', ')} of show ${showId} are taken`,
    { details: { seats } },
  );
}

/** ADMISSION_FULL: the etcd semaphore has no permit left for this attempt. */
export function admissionFull(retryAfterSeconds: number, cause: unknown): DomainError {
  return new DomainError(
    BookingErrorCode.AdmissionFull,
    'too many booking attempts in flight; retry after Retry-After',
    { retryAfterSeconds, cause },
  );
}

/**
 * FENCE_REJECTED: the conditional seat UPDATE matched no row because a holder with a newer
 * fencing token already wrote that seat. Nothing of this request was written.
 */
export function fenceRejected(showId: string, seatId: string, token: bigint): DomainError {
  return new DomainError(
    BookingErrorCode.FenceRejected,
    `write to seat ${seatId} of show ${showId} refused: fencing token ${token} is older than the last writer's`,
    { retryAfterSeconds: 1, details: { seat: seatId } },
  );
}
