import { LockError, LockErrorCode } from './lock-error.js';

/** Releasing or extending a lease that was already released, or that the caller does not own. */
export class LockNotHeldError extends LockError {
  constructor(resource: string, detail: string) {
    super(LockErrorCode.NotHeld, `lock "${resource}" is not held by this lease: ${detail}`, {
      resource,
    });
  }
}
