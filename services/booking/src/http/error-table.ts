import type { ErrorTranslation } from '@lockstep/service-kit';
import { type BookingErrorCode, BookingErrorCode as Code } from '../domain/booking-errors.js';
import { seatOfResource } from '../use-cases/seat-locks.js';

/** The HTTP status of every booking refusal; a code missing here fails to compile. */
export const domainStatuses = {
  [Code.ShowExists]: 409,
  [Code.ShowNotFound]: 404,
  [Code.SeatNotFound]: 404,
  [Code.BookingNotFound]: 404,
  [Code.SeatsTaken]: 409,
  // Raised by the kit for a seat lock that stayed taken (see `contended`), never by a use case.
  [Code.SeatsBusy]: 429,
  [Code.AdmissionFull]: 429,
  // Nothing was written, and a retry takes the locks afresh: unavailable now, not refused.
  [Code.FenceRejected]: 503,
} as const satisfies Record<BookingErrorCode, number>;

/**
 * How booking's errors are answered over HTTP: the only place its codes meet statuses. Lock
 * outcomes are answered by the kit the same way in every service: a seat lock that stayed
 * taken for the whole wait is 429 SEATS_BUSY with Retry-After, naming the seat (it says
 * nothing final about the seat, so it is "retry", not 409 "taken"; and losing a race in a rush
 * stays out of 5xx alerts and load-balancer ejection); LOCK_UNAVAILABLE, LOCK_LOST and
 * LOCK_CANCELLED are 503, faults that write nothing.
 */
export const errorTable: ErrorTranslation = {
  domain: domainStatuses,
  contended: {
    code: Code.SeatsBusy,
    message: (resource) =>
      `seats of show ${seatOfResource(resource)?.showId ?? '?'} are busy; retry shortly`,
    details: (resource) => {
      const seat = seatOfResource(resource)?.seatId;
      return { seats: seat === undefined ? [] : [seat] };
    },
  },
};
