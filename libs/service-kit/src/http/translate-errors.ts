import { isLockError, type LockError, LockErrorCode } from '@lockstep/locks';
import type { ErrorRequestHandler } from 'express';
import { AppError } from '../errors/app-error.js';
import { DomainError } from '../errors/domain-error.js';

/** How one service's errors are answered over HTTP: the only place its codes meet statuses. */
export interface ErrorTranslation {
  /** The HTTP status of each DomainError code the service raises (404, 409, 429, 503...). */
  domain: Readonly<Record<string, number>>;
  /**
   * How contention on this service's locks is answered (429 with Retry-After): the code and
   * message for a lock that stayed taken for the whole wait, or a CAS that kept losing.
   */
  contended: {
    code: string;
    /** The answer's message; default "<resource> is busy; retry shortly". */
    message?: (resource: string | undefined) => string;
    /** Facts for the caller about the contended resource (which seat), sent as `details`. */
    details?: (resource: string | undefined) => unknown;
  };
}

const programmingErrors = new Set<string>([LockErrorCode.InvalidArgument, LockErrorCode.NotHeld]);

// Seconds a contended caller is asked to wait: locks here are held for milliseconds.
const CONTENDED_RETRY_AFTER_SECONDS = 1;

/**
 * Lock outcomes, the same for every service. Contention is an outcome of a rush, not a fault:
 * 429 keeps a flash sale's losers out of 5xx alerts and out of load balancers' outlier
 * ejection. A backend that cannot answer, a lease that may be lost or a cancelled wait is
 * 503: nothing was written, and the same request may be retried.
 */
function lockAnswer(error: LockError, translation: ErrorTranslation): AppError {
  const options = { cause: error, retryAfterSeconds: CONTENDED_RETRY_AFTER_SECONDS };
  switch (error.code) {
    case LockErrorCode.Contended:
    case LockErrorCode.CasConflict: {
      const { code, message, details } = translation.contended;
      const text =
        message?.(error.resource) ?? `${error.resource ?? 'the resource'} is busy; retry shortly`;
      return new AppError(code, 429, text, {
        ...options,
        details: details?.(error.resource),
      });
    }
    case LockErrorCode.Lost:
      return new AppError(error.code, 503, 'the lock was lost; nothing was written', options);
    case LockErrorCode.Cancelled:
      return new AppError(error.code, 503, 'waiting for the lock was cancelled', options);
    default:
      return new AppError(
        LockErrorCode.Unavailable,
        503,
        'the lock service is unavailable',
        options,
      );
  }
}

/**
 * Turns DomainErrors and lock errors into the kit's AppErrors, for the error middleware to
 * answer. A DomainError whose code has no status in the table is a bug in the service: it is
 * left alone, so it surfaces as a logged 500 rather than as a guessed status.
 */
export function translateErrors(translation: ErrorTranslation): ErrorRequestHandler {
  return (error, _req, _res, next) => {
    if (error instanceof DomainError) {
      const status = translation.domain[error.code];
      if (status === undefined) return next(error);
      return next(
        new AppError(error.code, status, error.message, {
          details: error.details,
          retryAfterSeconds: error.retryAfterSeconds,
          cause: error,
        }),
      );
    }
    // Programming errors (a bad option, a double release) are faults, never a 4xx or 503.
    if (isLockError(error) && !programmingErrors.has(error.code)) {
      return next(lockAnswer(error, translation));
    }
    return next(error);
  };
}
