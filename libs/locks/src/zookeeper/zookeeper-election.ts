import zookeeper from 'node-zookeeper-client';
import { checkResource, checkWaitMs } from '../acquire-options.js';
import { sleep } from '../clock.js';
import type { CampaignOptions, Election, Leadership } from '../election.js';
import { leadershipOf } from '../election.js';
import { isLockError, LockInvalidArgumentError, LockUnavailableError } from '../errors/index.js';
import type { LockStrategy } from '../lock.js';
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
import type { ZooKeeperSession } from './zookeeper-session.js';

const { Exception } = zookeeper;

// Pause before an observer reads again after ZooKeeper failed it.
const OBSERVE_RETRY_MS = 500;

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
  /** The election's name; candidates of the same name compete. */
  name: string;
  /** Parent of every election's queue (default `/lockstep/elections`). */
  root?: string;
}

/**
 * Leader election on the lock's queue (as Curator's LeaderSelector sits on its mutex): every
 * candidate queues a node holding its id, the lowest node leads, each other candidate watches
 * only the one ahead of it. Leadership is a lease on the candidate's session, so losing it is
 * signalled exactly like losing a lock (suspended, session expired).
 */
export class ZooKeeperElection implements Election {
  readonly strategy: LockStrategy = 'zookeeper';
  /** The election's name. */
  readonly name: string;

  private readonly dir: string;
  private readonly sessions: SessionKeeper;
  private readonly safetyMarginMs: number | null;

  constructor(options: ZooKeeperElectionOptions) {
    this.name = checkResource(options.name, 'an election name');
    const root = options.root ?? '/lockstep/elections';
    if (!/^(\/[^/]+)+$/.test(root))
      throw new LockInvalidArgumentError(`root must be an absolute path, got "${root}"`);
    this.dir = childPath(root, encodeResource(this.name));
    this.sessions = new SessionKeeper({
      connectionString: options.connectionString,
      sessionTimeoutMs: options.sessionTimeoutMs ?? 10_000,
      connectTimeoutMs: options.connectTimeoutMs ?? 5_000,
      operationTimeoutMs: options.operationTimeoutMs ?? 5_000,
    });
    this.safetyMarginMs = options.safetyMarginMs ?? null;
  }

  async campaign(candidateId: string, options: CampaignOptions = {}): Promise<Leadership> {
    checkResource(candidateId, 'candidateId');
    const waitMs = checkWaitMs(options.waitMs ?? Number.POSITIVE_INFINITY);
    const resource = `election:${this.name}`;
    const lease = await traceAcquire(this.strategy, resource, (progress) =>
      acquireQueueLease(
        this.sessions,
        {
          resource,
          dir: this.dir,
          waitMs,
          signal: options.signal,
          data: Buffer.from(candidateId, 'utf8'),
          safetyMarginMs: this.safetyMarginMs,
        },
        progress,
      ),
    );
    return leadershipOf(this.name, candidateId, lease);
  }

  async leader(): Promise<string | undefined> {
    try {
      const session = await this.sessions.live();
      // The lowest node may be deleted between listing and reading it: look again a few times.
      for (let attempt = 0; attempt < 5; attempt++) {
        const found = await this.firstCandidate(session, await this.candidates(session));
        if (found !== null) return found;
      }
      return undefined;
    } catch (error) {
      throw this.asLockError(error);
    }
  }

  /**
   * Reports the leader now and after every change until `signal` aborts. Each round sets a watch
   * on the candidates, then reads the leader: a change after the watch fires it, one before is
   * in the read, so none is missed. The first round's failure rejects; later ones are retried
   * (a fresh session if the old one expired).
   */
  async observe(
    onChange: (leader: string | undefined) => void,
    signal: AbortSignal,
  ): Promise<void> {
    let last: string | undefined | null = null;
    const report = (leader: string | undefined) => {
      if (leader === last || signal.aborted) return;
      last = leader;
      onChange(leader);
    };
    const aborted = new Promise<void>((resolve) =>
      signal.addEventListener('abort', () => resolve(), { once: true }),
    );
    let changed: Promise<void>;
    try {
      ({ changed } = await this.observeRound(report));
    } catch (error) {
      throw this.asLockError(error);
    }
    void (async () => {
      while (!signal.aborted) {
        await Promise.race([changed, aborted]);
        if (signal.aborted) return;
        try {
          ({ changed } = await this.observeRound(report));
        } catch {
          // Safe to swallow: the next round reads the leader again.
          await sleep(OBSERVE_RETRY_MS, signal);
          changed = Promise.resolve();
        }
      }
    })();
  }

  /** Watches the candidates, reports the leader, and returns what settles on their next change. */
  private async observeRound(
    report: (leader: string | undefined) => void,
  ): Promise<{ changed: Promise<void> }> {
    const session = await this.sessions.live();
    let wake: () => void = () => undefined;
    const onEnded = () => wake();
    const changed = new Promise<void>((resolve) => {
      wake = () => {
        session.ended.removeEventListener('abort', onEnded);
        resolve();
      };
    });
    // Watches die with their session: a new round then starts on a fresh one.
    session.ended.addEventListener('abort', onEnded, { once: true });
    if (session.ended.aborted) wake();
    const leader = await this.firstCandidate(session, await this.candidates(session, wake));
    // null: the first candidate left between listing and reading, so the watch is already due.
    if (leader !== null) report(leader);
    // Wrapped: an async function returning the promise itself would wait for the change.
    return { changed };
  }

  /** The candidates' node names; [] before anyone campaigned. `watcher` fires on their next change. */
  private async candidates(session: ZooKeeperSession, watcher?: () => void): Promise<string[]> {
    try {
      return await session.getChildren(this.dir, watcher);
    } catch (error) {
      if (!isZooKeeperError(error, Exception.NO_NODE)) throw error;
      if (watcher === undefined) return [];
      // No parent yet: watch for its creation instead; if it appeared meanwhile, list again.
      return (await session.exists(this.dir, watcher)) === null
        ? []
        : this.candidates(session, watcher);
    }
  }

  /** The first candidate's id; undefined when there is none, null when it left as we read it. */
  private async firstCandidate(
    session: ZooKeeperSession,
    children: string[],
  ): Promise<string | undefined | null> {
    const first = sortLockNodes(children)[0];
    if (first === undefined) return undefined;
    const data = await session.getData(childPath(this.dir, first.name));
    return data === null ? null : data.toString('utf8');
  }

  private asLockError(error: unknown): Error {
    if (isLockError(error)) return error;
    return new LockUnavailableError(`ZooKeeper failed while reading the leader of "${this.name}"`, {
      cause: error,
    });
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
