import {
  acquireAll,
  type DistributedLock,
  type Lease,
  LockInvalidArgumentError,
  type MultiLease,
} from '@lockstep/locks';
import type { Logger } from '../logging/create-logger.js';

/** Options for one {@link LockRunner.run}. */
export interface LockRunOptions {
  /** How long to wait for every lock together, in ms (one deadline); default the runner's. */
  waitMs?: number;
  /** Lease TTL in ms; default the runner's (the backend's when unset). */
  ttlMs?: number;
  /** Cancels the wait, and once held counts as a lost lock (e.g. an elected loop's term). */
  signal?: AbortSignal;
}

/** What work under the locks gets. */
export interface HeldLocks {
  /** One lease per resource, in the canonical (sorted) order they were taken. */
  readonly leases: readonly Lease[];
  /** Aborts when any lease may be lost or the caller's signal fires: stop writing then. */
  readonly signal: AbortSignal;
  /** The fencing token of `resource`'s lease; throws when the backend has no sound token. */
  fencingToken(resource: string): bigint;
  /** Throws the reason (LOCK_LOST, or the caller's) if a lease may be gone; call before commit. */
  assertHeld(): void;
}

/** Defaults of a {@link LockRunner}. */
export interface LockRunnerOptions {
  /** Default wait for every run, in ms. */
  waitMs: number;
  /** Default lease TTL, in ms; unset: the backend's default. */
  ttlMs?: number;
}

/**
 * The one way a service runs work under its locks: acquire (one resource, or several in one
 * canonical order, all or nothing, so {a,b} and {b,a} cannot deadlock), keep every lease alive
 * while the work runs, release, and report a release the backend did not confirm as a warning
 * (the work's outcome stands; the lease expires on its own). Lock errors pass through as
 * they are: the service's error translation answers them over HTTP, once.
 */
export class LockRunner {
  private readonly log: Logger;

  constructor(
    private readonly lock: DistributedLock,
    logger: Logger,
    private readonly defaults: LockRunnerOptions,
  ) {
    this.log = logger.child({ component: 'lock-runner', strategy: lock.strategy });
  }

  async run<T>(
    resources: string | readonly string[],
    work: (held: HeldLocks) => Promise<T>,
    options: LockRunOptions = {},
  ): Promise<T> {
    const ttlMs = options.ttlMs ?? this.defaults.ttlMs;
    const lease = await this.acquire(typeof resources === 'string' ? [resources] : resources, {
      waitMs: options.waitMs ?? this.defaults.waitMs,
      ...(ttlMs === undefined ? {} : { ttlMs }),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const stopRenewing = lease.keepAlive();
    try {
      return await work(heldLocks(lease, options.signal));
    } finally {
      stopRenewing();
      await lease.release().catch((error: unknown) => {
        this.log.warn({ err: error, resources: lease.resources }, 'lock release unconfirmed');
      });
    }
  }

  private acquire(
    resources: readonly string[],
    options: { waitMs: number; ttlMs?: number; signal?: AbortSignal },
  ): Promise<MultiLease> {
    if (resources.length === 0) {
      return Promise.reject(new LockInvalidArgumentError('run needs at least one resource'));
    }
    return acquireAll(this.lock, resources, options);
  }
}

function heldLocks(lease: MultiLease, signal: AbortSignal | undefined): HeldLocks {
  const tokens = new Map(lease.leases.map((one) => [one.resource, one.fencingToken]));
  const lost = signal ? AbortSignal.any([lease.signal, signal]) : lease.signal;
  return {
    leases: lease.leases,
    signal: lost,
    fencingToken(resource) {
      const token = tokens.get(resource);
      if (token === undefined) throw new Error(`${resource} is not locked by this run`);
      if (token === null) {
        // A write that must be fenced cannot be protected by a backend without a sound token.
        throw new Error(`the ${lease.leases[0]?.strategy} lock gives no fencing token`);
      }
      return token;
    },
    assertHeld() {
      if (lease.signal.aborted) throw lease.signal.reason;
      if (signal?.aborted) throw signal.reason;
    },
  };
}
