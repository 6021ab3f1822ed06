import { isLockError, LockErrorCode } from '@lockstep/locks';
import { ConflictError, TooManyRequestsError } from '@lockstep/service-kit';
import type { ErrorRequestHandler } from 'express';
import { AssignmentNotActiveError } from '../domain/assignment-status.js';

/**
 * Turns the outcomes the domain and the lock library report as errors into the kit's HTTP
 * errors, in one place, after the routes; the kit's error middleware then answers them.
 * Anything else passes through unchanged (a fault, answered 500 and logged).
 */
export const translateDomainErrors: ErrorRequestHandler = (error, _req, _res, next) => {
  if (error instanceof AssignmentNotActiveError) {
    return next(
      new ConflictError(error.message, { code: error.code, details: { status: error.status } }),
    );
  }
  if (isLockError(error, LockErrorCode.CasConflict)) {
    // Every attempt lost to other writers of the same partner: the partner is hot right now,
    // and a retry a moment later will most likely apply.
    return next(
      new TooManyRequestsError('the partner is being updated concurrently; retry', 1, {
        code: 'PARTNER_CONTENDED',
        cause: error,
      }),
    );
  }
  return next(error);
};
