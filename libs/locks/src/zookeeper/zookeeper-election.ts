import zookeeper from 'node-zookeeper-client';
import { isLockError, LockInvalidArgumentError, LockUnavailableError } from '../errors/index.js';
import type { Lease } from '../lock.js';
import { traceAcquire } from '../telemetry.js';
import { childPath, encodeResource, sortLockNodes } from './lock-node-name.js';
import { acquireQueueLease } from './queue-lease.js';
import {
  SessionKeeper,
  type SessionListener,
  type ZooKeeperSessionInfo,
} from './session-keeper.js';
import { isZooKeeperError } from './zookeeper-error.js';
import type { ZooKeeperLockOptions } from './zookeeper-lock.js';

const { Exception } = zookeeper;

/** Options for {@link ZooKeeperElection}; the session options mean what they mean for the lock. */
export interface ZooKeeperElectionOptions
  extends Pick<
    ZooKeeperLockOptions,
    | 'connectionString'
    | 'sessionTimeoutMs'
    | 'connectTimeoutMs'
    | 'operationTimeoutMs'
    | 'safetyMarginMs'
  > {
  /** Parent of every election's queue (default `/lockstep/elections`). */
  root?: string;
}

/** Options for {@link ZooKeeperElection.campaign}. */
export interface CampaignOptions {
  /** Stops campaigning: the campaign rejects with LockCancelledError and leaves no node behind. */
  signal?: AbortSignal;
}

/** Leadership won in a {@link ZooKeeperElection}; it ends when `signal` fires or on resign(). */
export interface Leadership extends AsyncDisposable {
  /** The election's name. */
  readonly election: string;
  /** Who leads: the id passed to campaign(). */
  readonly candidateId: string;
  /** The leader node's czxid: storage refuses a deposed leader's late writes with it. */
  readonly fencingToken: bigint;
  /** Aborts (reason: LockLostError) as soon as leadership may be lost; never re-arms. */
  readonly signal: AbortSignal;
  /** The lease underneath, with resource `election:<name>`. */
  readonly lease: Lease;
  /** Steps down: deletes our node, so the next candidate in line becomes leader. */
  resign(): Promise<void>;
}

/**
 * Leader election on the lock's queue (as Curator's LeaderSelector sits on its mutex): every
 * candidate queues a node holding its id, the lowest node leads, each other candidate watches
 * only the one ahead of it. Leadership is a lease on the candidate's session, so losing it is
 * signalled exactly like losing a lock (suspended, session expired).
 */
export class ZooKeeperElection {
  private readonly dir: string;
  private readonly sessions: SessionKeeper;
  private readonly safetyMarginMs: number | null;

  constructor(
    /** The election's name; candidates of the same name compete. */
    readonly name: string,
    options: ZooKeeperElectionOptions,
  ) {
    if (typeof name !== 'string' || name === '')
      throw new LockInvalidArgumentError('election name must be non-empty');
    const root = options.root ?? '/lockstep/elections';
    if (!/^(\/[^/]+)+$/.test(root))
      throw new LockInvalidArgumentError(`root must be an absolute path, got "${root}"`);
    this.dir = childPath(root, encodeResource(name));
    this.sessions = new SessionKeeper({
      connectionString: options.connectionString,
      sessionTimeoutMs: options.sessionTimeoutMs ?? 10_000,
      connectTimeoutMs: options.connectTimeoutMs ?? 5_000,
      operationTimeoutMs: options.operationTimeoutMs ?? 5_000,
    });
    this.safetyMarginMs = options.safetyMarginMs ?? null;
  }

  /**
   * Queues `candidateId` and resolves once it leads, however long that takes; rejects with
   * LockCancelledError when `signal` fires first, LockUnavailableError when ZooKeeper fails or
   * the session expires while waiting (our place in line is gone with it).
   */
  async campaign(candidateId: string, options: CampaignOptions = {}): Promise<Leadership> {
    if (typeof candidateId !== 'string' || candidateId === '') {
      throw new LockInvalidArgumentError('candidateId must be a non-empty string');
    }
    const resource = `election:${this.name}`;
    const lease = await traceAcquire('zookeeper', resource, (progress) =>
      acquireQueueLease(
        this.sessions,
        {
          resource,
          dir: this.dir,
          waitMs: Number.POSITIVE_INFINITY,
          signal: options.signal,
          data: Buffer.from(candidateId, 'utf8'),
          safetyMarginMs: this.safetyMarginMs,
        },
        progress,
      ),
    );
    const token = lease.fencingToken ?? 0n;
    return {
      election: this.name,
      candidateId,
      fencingToken: token,
      signal: lease.signal,
      lease,
      resign: () => lease.release(),
      [Symbol.asyncDispose]: () => lease[Symbol.asyncDispose](),
    };
  }

  /** The current leader's candidate id, or null when nobody campaigns. */
  async leader(): Promise<string | null> {
    const session = await this.sessions.live();
    try {
      // The lowest node may be deleted between listing and reading it: look again a few times.
      for (let attempt = 0; attempt < 5; attempt++) {
        const children = await session.getChildren(this.dir).catch((error: unknown) => {
          if (isZooKeeperError(error, Exception.NO_NODE)) return [];
          throw error;
        });
        const first = sortLockNodes(children)[0];
        if (first === undefined) return null;
        const data = await session.getData(childPath(this.dir, first.name));
        if (data !== null) return data.toString('utf8');
      }
      return null;
    } catch (error) {
      if (isLockError(error)) throw error;
      throw new LockUnavailableError(
        `ZooKeeper failed while reading the leader of "${this.name}"`,
        { cause: error },
      );
    }
  }

  /** Subscribes to session changes (new session, suspended, reconnected, expired, closed). */
  onSessionChange(listener: SessionListener): () => void {
    return this.sessions.subscribe(listener);
  }

  /** The session in use, or undefined before the first campaign and after expiry or close. */
  sessionInfo(): ZooKeeperSessionInfo | undefined {
    return this.sessions.info();
  }

  /** Closes the session: any leadership held is lost and the next candidate takes over. */
  close(): Promise<void> {
    return this.sessions.close();
  }
}
