import { resolveAcquireOptions } from '../acquire-options.js';
import { monotonicNow } from '../clock.js';
import { LockCancelledError, LockInvalidArgumentError } from '../errors/index.js';
import type { AcquireOptions } from '../lock.js';
import type { ManagedLease } from '../managed-lease.js';
import { traceAcquire } from '../telemetry.js';
import { EtcdConnection } from './etcd-connection.js';
import { checkPrefix, type EtcdRecipeOptions, keySegment } from './etcd-options.js';
import { EtcdQueue } from './etcd-queue.js';

/** Options of {@link EtcdSemaphore}. */
export interface EtcdSemaphoreOptions extends EtcdRecipeOptions {
  /** The semaphore's name; every client using it must agree on `permits`. */
  name: string;
  /** How many holders at once (>= 1). */
  permits: number;
}

/**
 * A counting semaphore on etcd: at most `permits` holders at once, for admission control
 * (acquire with `waitMs: 0` and answer 429 on LockContendedError) and bounded concurrency.
 *
 * Each permit is one key `<prefix><name>/<session lease id hex>-<n>` on this client's session;
 * the holders are the `permits` keys with the smallest create revisions, so waiters are served
 * in arrival order, and each waits only on the `permits` keys just ahead of it. Every permit is
 * a lease with the same loss signalling and fencing token (create revision) as the lock.
 */
export class EtcdSemaphore {
  /** How many holders the semaphore admits at once. */
  readonly permits: number;
  /** The semaphore's name. */
  readonly name: string;

  private readonly connection: EtcdConnection;
  private readonly queue: EtcdQueue;
  private readonly prefix: string;
  private readonly defaults: { ttlMs: number; waitMs: number };
  private nextPermit = 0;

  constructor(options: EtcdSemaphoreOptions) {
    if (!Number.isInteger(options.permits) || options.permits < 1) {
      throw new LockInvalidArgumentError(
        `permits must be a positive integer, got ${options.permits}`,
      );
    }
    if (options.name === '') throw new LockInvalidArgumentError('a semaphore needs a name');
    this.name = options.name;
    this.permits = options.permits;
    const root = checkPrefix(options.prefix ?? 'lockstep/semaphores/');
    this.prefix = `${root}${keySegment(options.name)}/`;
    this.defaults = { ttlMs: options.defaultTtlMs ?? 10_000, waitMs: options.defaultWaitMs ?? 0 };
    this.connection = new EtcdConnection(options);
    this.queue = new EtcdQueue(this.connection);
  }

  /** The resource name permits carry in errors, spans and leases. */
  get resource(): string {
    return `semaphore:${this.name}`;
  }

  /**
   * Takes one permit, waiting up to `waitMs` (default 0: try once). Throws LockContendedError
   * when all permits stayed taken, LockUnavailableError or LockCancelledError.
   */
  // async: a bad argument rejects like every other failure instead of throwing synchronously.
  async acquire(options: AcquireOptions = {}): Promise<ManagedLease> {
    const resource = this.resource;
    const { ttlMs, waitMs, signal } = resolveAcquireOptions(resource, options, this.defaults);
    return traceAcquire('etcd', resource, async (progress) => {
      const startedAt = monotonicNow();
      if (signal?.aborted) throw new LockCancelledError(resource);
      // A permit per key: one client may hold several permits at once (one per request).
      const permit = this.nextPermit++;
      const ticket = await this.queue.join({
        resource,
        prefix: this.prefix,
        keyFor: (session) => `${this.prefix}${session.leaseIdHex}-${permit}`,
        value: '',
        holders: this.permits,
        session: () => this.connection.session(ttlMs, resource),
        waitMs,
        startedAt,
        signal,
        progress,
        onGone: () => undefined,
      });
      return this.queue.lease(ticket, resource);
    });
  }

  /** How many keys (holders and waiters, from every client) are queued right now. */
  async queued(): Promise<number> {
    return this.connection.client.getAll().prefix(this.prefix).count();
  }

  /** Revokes this client's sessions: its permits are freed and its leases marked lost. */
  close(): Promise<void> {
    return this.connection.close();
  }
}
