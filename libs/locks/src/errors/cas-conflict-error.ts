import { LockError, LockErrorCode } from './lock-error.js';

/** Every compare-and-swap attempt found the row changed by someone else. */
export class CasConflictError extends LockError {
  /** How many attempts were made (each one lost). */
  readonly attempts: number;

  constructor(resource: string, attempts: number) {
    super(
      LockErrorCode.CasConflict,
      `compare-and-swap on "${resource}" lost ${attempts} attempts`,
      {
        resource,
      },
    );
    this.attempts = attempts;
  }
}
