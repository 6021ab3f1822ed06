import { LockError, LockErrorCode } from './lock-error.js';

/** The lock stayed held by another owner until the wait ran out. Losing a race is an outcome. */
export class LockContendedError extends LockError {
  /** How long the caller waited, in milliseconds. */
  readonly waitedMs: number;

  constructor(resource: string, waitedMs: number, options: { cause?: unknown } = {}) {
    super(
      LockErrorCode.Contended,
      `lock "${resource}" is held by another owner (waited ${Math.round(waitedMs)} ms)`,
      {
        resource,
        cause: options.cause,
      },
    );
    this.waitedMs = waitedMs;
  }
}
