import { isLockError, LockErrorCode } from '@lockstep/locks';
import { TooManyRequestsError, UnavailableError } from '@lockstep/service-kit';
import type { ErrorRequestHandler } from 'express';
import { WalletLeaseLostError } from '../operations/wallet-lease-lost-error.js';

/**
 * Turns wallet-lock failures into HTTP answers, once for every route: a wallet held by others
 * for the whole wait is 429 WALLET_BUSY (an outcome: retry later); a lock backend without a
 * quorum, or a lease lost before booking, is 503 (a fault: nothing was written, retry with
 * the same idempotency key). Anything else passes on to the kit's error middleware.
 */
export const lockErrorTranslator: ErrorRequestHandler = (error, _req, _res, next) => {
  if (isLockError(error, LockErrorCode.Contended)) {
    return next(
      new TooManyRequestsError('the wallet is busy', 1, { code: 'WALLET_BUSY', cause: error }),
    );
  }
  if (isLockError(error, LockErrorCode.Unavailable)) {
    return next(
      new UnavailableError('the wallet lock backend is unavailable', {
        code: 'LOCK_UNAVAILABLE',
        cause: error,
      }),
    );
  }
  if (error instanceof WalletLeaseLostError) {
    return next(new UnavailableError(error.message, { code: error.code, cause: error }));
  }
  return next(error);
};
