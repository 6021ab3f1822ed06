import {
  ConflictError,
  NotFoundError,
  TooManyRequestsError,
  UnavailableError,
} from '@lockstep/service-kit';

/**
 * Every error booking reports to a caller, each with a stable code. They are the kit's
 * AppErrors, so HTTP maps them in the kit's one middleware and the consumer retries them.
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
  /** A seat lock stayed taken for the whole wait; nothing was held (429, retry). */
  SeatsBusy: 'SEATS_BUSY',
  /** Every admission permit is in use: the rush is over capacity (429, retry). */
  AdmissionFull: 'ADMISSION_FULL',
  /** A newer holder of a seat lock wrote first: this (stale) holder's write was refused. */
  FenceRejected: 'FENCE_REJECTED',
} as const;

/** 409 SHOW_EXISTS. */
export function showExists(showId: string): ConflictError {
  return new ConflictError(`show ${showId} already exists`, { code: BookingErrorCode.ShowExists });
}

/** 404 SHOW_NOT_FOUND. */
export function showNotFound(showId: string): NotFoundError {
  return new NotFoundError(`show ${showId} does not exist`, {
    code: BookingErrorCode.ShowNotFound,
  });
}

/** 404 SEAT_NOT_FOUND, naming every seat the hall does not have. */
export function seatNotFound(showId: string, seats: readonly string[]): NotFoundError {
  return new NotFoundError(`show ${showId} has no seat ${seats.join(', ')}`, {
    code: BookingErrorCode.SeatNotFound,
    details: { seats },
  });
}

/** 404 BOOKING_NOT_FOUND. */
export function bookingNotFound(bookingId: string): NotFoundError {
  return new NotFoundError(`booking ${bookingId} does not exist`, {
    code: BookingErrorCode.BookingNotFound,
  });
}

/** 409 SEATS_TAKEN, naming the seats someone else holds or owns, so a client can pick others. */
export function seatsTaken(showId: string, seats: readonly string[]): ConflictError {
  return new ConflictError(`seats ${seats.join(', ')} of show ${showId} are taken`, {
    code: BookingErrorCode.SeatsTaken,
    details: { seats },
  });
}

/**
 * 429 SEATS_BUSY: another booking held the lock of `seat` for the whole wait. An outcome of
 * the rush, not a fault: the same status (429, Retry-After) inventory gives for a busy SKU.
 */
export function seatsBusy(
  showId: string,
  seat: string | undefined,
  cause: unknown,
): TooManyRequestsError {
  return new TooManyRequestsError(`seats of show ${showId} are busy; retry shortly`, 1, {
    code: BookingErrorCode.SeatsBusy,
    details: { seats: seat === undefined ? [] : [seat] },
    cause,
  });
}

/** 429 ADMISSION_FULL: the etcd semaphore has no permit left for this attempt. */
export function admissionFull(retryAfterSeconds: number, cause: unknown): TooManyRequestsError {
  return new TooManyRequestsError(
    'too many booking attempts in flight; retry after Retry-After',
    retryAfterSeconds,
    { code: BookingErrorCode.AdmissionFull, cause },
  );
}

/**
 * 503 FENCE_REJECTED: the conditional seat UPDATE matched no row because a holder with a
 * newer fencing token already wrote that seat. Nothing of this request was written.
 */
export function fenceRejected(showId: string, seatId: string, token: bigint): UnavailableError {
  return new UnavailableError(
    `write to seat ${seatId} of show ${showId} refused: fencing token ${token} is older than the last writer's`,
    { code: BookingErrorCode.FenceRejected, retryAfterSeconds: 1, details: { seat: seatId } },
  );
}
