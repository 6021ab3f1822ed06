/**
 * The lease contract every backend implements. A backend hands out {@link Lease}s; a lease
 * knows its own deadline on the client's monotonic clock and fires its `signal` when the lock
 * may be gone, before the server could give it to anyone else.
 */

/** Which backend a lock or lease comes from; also the `lock.strategy` telemetry attribute. */
export type LockStrategy = 'redlock' | 'redis' | 'zookeeper' | 'etcd' | 'cas';

/**
 * What a lease's fencing token is, so storage knows how far to trust it:
 * - `etcd-create-revision`: cluster-wide, monotonic.
 * - `zookeeper-czxid`: the lock node's creation zxid; monotonic across the ensemble.
 * - `redis-incr`: INCR in the same script as SET NX; best effort (a failover can go back).
 * - `row-version`: the optimistic row version (CAS).
 * - `none`: no sound token exists (Redlock); guard writes with the lock value or idempotency.
 */
export type FencingTokenKind =
  | 'etcd-create-revision'
  | 'zookeeper-czxid'
  | 'redis-incr'
  | 'row-version'
  | 'none';

/** Options for {@link DistributedLock.acquire}. */
export interface AcquireOptions {
  /** Lease time to live in ms; backends round up where their unit is coarser (etcd: seconds). */
  ttlMs?: number;
  /** How long to wait for a held lock, in ms; 0 tries once. Default: the lock's default. */
  waitMs?: number;
  /** Cancels the wait; the acquire then rejects with LockCancelledError and holds nothing. */
  signal?: AbortSignal;
}

/** A held lock. Use `await using lease = await lock.acquire(...)` or {@link withLock}. */
export interface Lease extends AsyncDisposable {
  /** The resource this lease locks. */
  readonly resource: string;
  /** The backend that granted it. */
  readonly strategy: LockStrategy;
  /** Monotonic token to pass to storage (`WHERE fence < $token`), or null where none is sound. */
  readonly fencingToken: bigint | null;
  /** What {@link fencingToken} is and how far it can be trusted. */
  readonly tokenKind: FencingTokenKind;
  /** Aborts (reason: LockLostError) as soon as the lease may be lost; never re-arms. */
  readonly signal: AbortSignal;
  /** The opaque value identifying this holder in the backend (lock value, node path, key). */
  readonly ownerId: string;
  /** Milliseconds of validity left on the client's monotonic clock; <= 0 once lost. */
  remainingMs(): number;
  /** Renews the lease for `ttlMs` (default: the TTL it was acquired with); LockLostError if lost. */
  extend(ttlMs?: number): Promise<void>;
  /**
   * Renews every `intervalMs` (default a third of the TTL) until released, lost or stopped; a
   * renewal that keeps failing lets the deadline fire the signal. Returns what stops renewing.
   */
  keepAlive(intervalMs?: number): () => void;
  /** Deletes only what this holder owns. LockNotHeldError if already released; LockReleaseError if unconfirmed. */
  release(): Promise<void>;
}

/** A lock service over one backend. */
export interface DistributedLock {
  /** The backend this lock uses. */
  readonly strategy: LockStrategy;
  /** Acquires `resource`, waiting up to `waitMs`; throws LockContendedError, LockUnavailableError or LockCancelledError. */
  acquire(resource: string, options?: AcquireOptions): Promise<Lease>;
  /** Releases backend connections and sessions; leases still held are lost. */
  close(): Promise<void>;
}
