import type { ComparatorBuilder, Etcd3 } from 'etcd3';
import { resolveAcquireOptions } from '../acquire-options.js';
import { monotonicNow } from '../clock.js';
import { LockCancelledError } from '../errors/index.js';
import type { AcquireOptions, DistributedLock, Lease, LockStrategy } from '../lock.js';
import type { ManagedLease } from '../managed-lease.js';
import { traceAcquire } from '../telemetry.js';
import { EtcdConnection } from './etcd-connection.js';
import { checkPrefix, type EtcdRecipeOptions, keySegment } from './etcd-options.js';
import { EtcdQueue } from './etcd-queue.js';
import { LocalGate } from './local-gate.js';
import { type EtcdOwnership, guardedBy, ownershipOf } from './own-key.js';

/** Options of {@link EtcdLock}. */
export type EtcdLockOptions = EtcdRecipeOptions;

/**
 * A mutex on etcd with the semantics of the Go client's concurrency.Mutex.
 *
 * - Key `<prefix><resource>/<session lease id hex>`, attached to a session lease that this
 *   client keeps alive (one session per TTL in whole seconds).
 * - The owner is the key with the smallest create revision; a waiter watches only the
 *   next-older key (FIFO, no herd), then re-reads its own key.
 * - The fencing token is the key's create revision; {@link ownershipCompare} gives what a
 *   guarded transaction compares to write only while the lock is held.
 * - Errors: held too long -> LockContendedError; etcd unreachable, or the session expired while
 *   waiting -> LockUnavailableError (cause: LockLostError 'session-expired'); cancelled ->
 *   LockCancelledError. A failed acquire leaves no key behind.
 */
export class EtcdLock implements DistributedLock {
  readonly strategy: LockStrategy = 'etcd';

  private readonly connection: EtcdConnection;
  private readonly queue: EtcdQueue;
  private readonly gate = new LocalGate();
  private readonly prefix: string;
  private readonly defaults: { ttlMs: number; waitMs: number };

  constructor(options: EtcdLockOptions) {
    this.prefix = checkPrefix(options.prefix ?? 'lockstep/locks/');
    this.defaults = {
      ttlMs: options.defaultTtlMs ?? 10_000,
      waitMs: options.defaultWaitMs ?? 10_000,
    };
    this.connection = new EtcdConnection(options);
    this.queue = new EtcdQueue(this.connection);
  }

  /** The etcd3 client this lock uses (for guarded transactions on the same connection). */
  get client(): Etcd3 {
    return this.connection.client;
  }

  // async: a bad argument rejects like every other failure instead of throwing synchronously.
  async acquire(resource: string, options: AcquireOptions = {}): Promise<ManagedLease> {
    const { ttlMs, waitMs, signal } = resolveAcquireOptions(resource, options, this.defaults);
    return traceAcquire('etcd', resource, async (progress) => {
      const startedAt = monotonicNow();
      if (signal?.aborted) throw new LockCancelledError(resource);
      // Callers of this client queue locally first: they would share this session's key.
      if (this.gate.busy(resource)) progress.contended = true;
      const leaveGate = await this.gate.enter(resource, waitMs, signal);
      const prefix = `${this.prefix}${keySegment(resource)}/`;
      const ticket = await this.queue.join({
        resource,
        prefix,
        keyFor: (session) => `${prefix}${session.leaseIdHex}`,
        // Whoever queues behind us links its acquire span to ours through this.
        value: progress.traceparent,
        holders: 1,
        session: () => this.connection.session(ttlMs, resource),
        waitMs,
        startedAt,
        signal,
        progress,
        onGone: leaveGate,
      });
      return this.queue.lease(ticket, resource, leaveGate);
    });
  }

  /**
   * What a guarded transaction compares so it applies only while `lease` holds the lock:
   * `client.if(key, 'Create', '==', createRevision)`.
   */
  ownershipCompare(lease: Lease): EtcdOwnership {
    return ownershipOf(lease);
  }

  /** A transaction on this lock's client guarded by `lease`'s ownership; add `.then(...)` and commit. */
  guardedTxn(lease: Lease): ComparatorBuilder {
    return guardedBy(this.connection.client, lease);
  }

  /** Revokes the sessions (deleting every key they hold); leases still held are marked lost. */
  close(): Promise<void> {
    return this.connection.close();
  }
}
