import { LockError, LockErrorCode } from './lock-error.js';

/** The backend, or too many of its nodes to reach a quorum, failed to answer: a fault. */
export class LockUnavailableError extends LockError {
  constructor(message: string, options: { resource?: string | undefined; cause?: unknown } = {}) {
    super(LockErrorCode.Unavailable, message, options);
  }
}
