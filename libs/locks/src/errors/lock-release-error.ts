import { LockError, LockErrorCode } from './lock-error.js';

/**
 * The backend did not confirm the release. The lease keeps its state so `release()` can be
 * retried; if it never succeeds the lock frees itself when its TTL runs out.
 */
export class LockReleaseError extends LockError {
  constructor(resource: string, options: { cause?: unknown } = {}) {
    super(LockErrorCode.ReleaseUnconfirmed, `release of lock "${resource}" was not confirmed`, {
      resource,
      cause: options.cause,
    });
  }
}
