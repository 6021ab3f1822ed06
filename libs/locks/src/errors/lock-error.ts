/** Stable codes for every error the lock library throws; callers branch on these, never on text. */
export const LockErrorCode = {
  /** The lock was held by someone else for the whole wait (or the single try). An outcome, not a fault. */
  Contended: 'LOCK_CONTENDED',
  /** The backend (or a quorum of it) did not answer or refused: a fault; fail closed. */
  Unavailable: 'LOCK_UNAVAILABLE',
  /** The caller's AbortSignal fired before the lock was acquired. */
  Cancelled: 'LOCK_CANCELLED',
  /** The lease may no longer be held: its deadline passed, its session expired or a renewal was refused. */
  Lost: 'LOCK_LOST',
  /** The lease was already released, or the caller never held it (release/extend by a non-owner). */
  NotHeld: 'LOCK_NOT_HELD',
  /** A release could not be confirmed by the backend; the lease stays local so it can be retried. */
  ReleaseUnconfirmed: 'LOCK_RELEASE_UNCONFIRMED',
  /** An optimistic compare-and-swap lost every attempt it was allowed. */
  CasConflict: 'CAS_CONFLICT',
  /** The caller passed an option that cannot work (negative TTL, empty resource, ...). */
  InvalidArgument: 'LOCK_INVALID_ARGUMENT',
} as const;

/** One of {@link LockErrorCode}'s values. */
export type LockErrorCode = (typeof LockErrorCode)[keyof typeof LockErrorCode];

/** Base of every error the lock library throws: a stable `code`, the resource, and the cause. */
export class LockError extends Error {
  /** Stable, documented code (see {@link LockErrorCode}). */
  readonly code: LockErrorCode;
  /** The lock resource the error is about, when there is one. */
  readonly resource: string | undefined;

  constructor(
    code: LockErrorCode,
    message: string,
    options: { resource?: string | undefined; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.resource = options.resource;
  }
}

/** Whether a value is a {@link LockError}, optionally of one code. */
export function isLockError(value: unknown, code?: LockErrorCode): value is LockError {
  return value instanceof LockError && (code === undefined || value.code === code);
}
