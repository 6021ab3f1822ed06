import { LockError, LockErrorCode } from './lock-error.js';

/** An option or argument that cannot work; thrown before anything touches the backend. */
export class LockInvalidArgumentError extends LockError {
  constructor(message: string) {
    super(LockErrorCode.InvalidArgument, message);
  }
}
