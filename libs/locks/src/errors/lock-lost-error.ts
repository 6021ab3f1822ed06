import { LockError, LockErrorCode } from './lock-error.js';

/** Why a lease may be lost. */
export type LeaseLossReason =
  /** The client-side deadline (last acknowledged renewal + TTL - drift - margin) passed. */
  | 'deadline'
  /** The backend session (ZooKeeper session, etcd lease) is known to have expired. */
  | 'session-expired'
  /** The connection is suspended: the server may expire the session before we hear back. */
  | 'suspended'
  /** A renewal reached the backend and it said we no longer own the lock. */
  | 'not-owner';

/** The lease may no longer be held; work guarded by it must stop. Used as the lease signal's reason. */
export class LockLostError extends LockError {
  /** Why the lease is considered lost. */
  readonly reason: LeaseLossReason;

  constructor(resource: string, reason: LeaseLossReason, options: { cause?: unknown } = {}) {
    super(LockErrorCode.Lost, `lease on "${resource}" may be lost (${reason})`, {
      resource,
      cause: options.cause,
    });
    this.reason = reason;
  }
}
