import { checkWaitMs, resolveAcquireOptions } from '../acquire-options.js';
import { LockInvalidArgumentError } from '../errors/index.js';
import type { AcquireOptions, DistributedLock, Lease, LockStrategy } from '../lock.js';
import { traceAcquire } from '../telemetry.js';
import { childPath, encodeResource } from './lock-node-name.js';
import { ParentReaper } from './parent-reaper.js';
import { acquireQueueLease } from './queue-lease.js';
import {
  SessionKeeper,
  type SessionListener,
  type ZooKeeperSessionInfo,
} from './session-keeper.js';

/** Options for {@link ZooKeeperLock}. */
export interface ZooKeeperLockOptions {
  /** `host:port[,host:port...]`, optionally with a chroot suffix. */
  connectionString: string;
  /** Parent of every resource's queue node (default `/lockstep/locks`). */
  root?: string;
  /** Requested session timeout in ms (default 10 000); the server clamps it to its bounds. */
  sessionTimeoutMs?: number;
  /** Bound on opening a session, in ms (default 5 000); past it, LOCK_UNAVAILABLE. */
  connectTimeoutMs?: number;
  /** Bound on each request, in ms (default 5 000); past it, LOCK_UNAVAILABLE. */
  operationTimeoutMs?: number;
  /** `waitMs` when acquire() is given none (default 0: try once). */
  defaultWaitMs?: number;
  /** Subtracted from each lease deadline (default 1% of the session timeout plus 50 ms). */
  safetyMarginMs?: number;
  /** How long an unused resource's empty parent node stays before removal, in ms (default 1 000; Infinity keeps them). */
  parentCleanupDelayMs?: number;
}

/**
 * A lock over ZooKeeper's ephemeral sequential nodes, the Curator InterProcessMutex recipe:
 * each acquire queues a `_c_<protectionId>-lock-N` node under `<root>/<resource>`, the lowest
 * node holds the lock, and every waiter watches only the node just ahead of it (FIFO, no herd).
 *
 * All leases share one session, but loss is reported per lease: a disconnect fires every lease's
 * signal ('suspended': the server may expire the session before we are back), an expiry fires
 * 'session-expired', and the next acquire opens a fresh session.
 */
export class ZooKeeperLock implements DistributedLock {
  readonly strategy: LockStrategy = 'zookeeper';

  private readonly root: string;
  private readonly sessions: SessionKeeper;
  private readonly reaper: ParentReaper;
  private readonly defaultWaitMs: number;
  private readonly sessionTimeoutMs: number;
  private readonly safetyMarginMs: number | null;

  constructor(options: ZooKeeperLockOptions) {
    this.root = options.root ?? '/lockstep/locks';
    if (!/^(\/[^/]+)+$/.test(this.root)) {
      throw new LockInvalidArgumentError(
        `root must be an absolute ZooKeeper path without a trailing "/", got "${this.root}"`,
      );
    }
    this.sessionTimeoutMs = positive('sessionTimeoutMs', options.sessionTimeoutMs ?? 10_000);
    this.sessions = new SessionKeeper({
      connectionString: options.connectionString,
      sessionTimeoutMs: this.sessionTimeoutMs,
      connectTimeoutMs: positive('connectTimeoutMs', options.connectTimeoutMs ?? 5_000),
      operationTimeoutMs: positive('operationTimeoutMs', options.operationTimeoutMs ?? 5_000),
    });
    this.reaper = new ParentReaper(
      this.sessions,
      nonNegative('parentCleanupDelayMs', options.parentCleanupDelayMs ?? 1_000),
    );
    this.defaultWaitMs = checkWaitMs(options.defaultWaitMs ?? 0);
    this.safetyMarginMs =
      options.safetyMarginMs === undefined
        ? null
        : nonNegative('safetyMarginMs', options.safetyMarginMs);
  }

  /**
   * Acquires `resource`. `ttlMs` is validated but cannot shorten a ZooKeeper lease: the lease
   * lives as long as the session, so its TTL is the negotiated session timeout.
   */
  async acquire(resource: string, options: AcquireOptions = {}): Promise<Lease> {
    // The TTL is checked by the shared rules, then ignored: the session timeout governs.
    const { waitMs } = resolveAcquireOptions(resource, options, {
      ttlMs: this.sessionTimeoutMs,
      waitMs: this.defaultWaitMs,
    });
    const dir = childPath(this.root, encodeResource(resource));
    return traceAcquire(this.strategy, resource, (progress) => {
      this.reaper.enter(dir);
      return acquireQueueLease(
        this.sessions,
        {
          resource,
          dir,
          waitMs,
          signal: options.signal,
          // Whoever queues behind us links its acquire span to ours through this.
          data: progress.traceparent === '' ? undefined : Buffer.from(progress.traceparent),
          safetyMarginMs: this.safetyMarginMs,
          onDone: () => this.reaper.leave(dir),
        },
        progress,
      );
    });
  }

  /** Subscribes to session changes (new session, suspended, reconnected, expired, closed). */
  onSessionChange(listener: SessionListener): () => void {
    return this.sessions.subscribe(listener);
  }

  /** The session in use, or undefined before the first acquire and after expiry or close. */
  sessionInfo(): ZooKeeperSessionInfo | undefined {
    return this.sessions.info();
  }

  /** Removes empty parents still waiting for cleanup, then closes the session (its leases are lost). */
  async close(): Promise<void> {
    await this.reaper.flush();
    await this.sessions.close();
  }
}

function positive(name: string, value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new LockInvalidArgumentError(`${name} must be a positive number of ms, got ${value}`);
  }
  return value;
}

/** Non-negative; Infinity allowed (wait until cancelled). */
function nonNegative(name: string, value: number): number {
  if (!(value >= 0)) throw new LockInvalidArgumentError(`${name} must be >= 0 ms, got ${value}`);
  return value;
}
