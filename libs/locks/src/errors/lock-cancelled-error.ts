import { LockError, LockErrorCode } from './lock-error.js';

/** The caller's AbortSignal fired while acquiring; nothing is held afterwards. */
export class LockCancelledError extends LockError {
  constructor(resource: string, options: { cause?: unknown } = {}) {
    super(LockErrorCode.Cancelled, `acquiring lock "${resource}" was cancelled`, {
      resource,
      cause: options.cause,
    });
  }
}
