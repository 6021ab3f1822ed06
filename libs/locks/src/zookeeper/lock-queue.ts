import zookeeper, { type Stat } from 'node-zookeeper-client';
import { monotonicNow } from '../clock.js';
import { LockUnavailableError } from '../errors/index.js';
import {
  childPath,
  lockNodePrefix,
  nodeName,
  parentPath,
  sortLockNodes,
} from './lock-node-name.js';
import { isZooKeeperError } from './zookeeper-error.js';
import type { ZooKeeperSession } from './zookeeper-session.js';

/**
 * The queue under one parent node, shared by the lock and the election (Curator's
 * LockInternals): join with an ephemeral sequential node, own the lock while it is the lowest,
 * otherwise watch only the next-lower node (no herd: one release wakes one waiter, in FIFO
 * order) and re-check when it changes.
 */

const { CreateMode, Exception } = zookeeper;

/** Creates whose parent vanished under us (another client removed it as empty) before we give up. */
const MAX_CREATE_ATTEMPTS = 5;

/** Our node in a queue. */
export interface QueueEntry {
  /** The parent node all contenders queue under. */
  dir: string;
  /** Our node's full path. */
  path: string;
  /** Our node's name (what getChildren lists). */
  name: string;
}

/** How a wait for our turn ended. */
export type Turn =
  /** We are the lowest node and the session owns it; `sentAt` is when that was last confirmed. */
  | { outcome: 'owner'; stat: Stat; sentAt: number }
  | { outcome: 'timeout' }
  | { outcome: 'cancelled' };

/** Options for {@link waitForTurn}. */
export interface TurnOptions {
  /** Monotonic time at which to stop waiting (Infinity: never). */
  deadlineAt: number;
  /** The caller's cancellation. */
  signal?: AbortSignal | undefined;
  /** Called each time the queue is found with someone ahead of us. */
  onContended?: () => void;
  /** Given the data of the node we wait behind, each time we start watching one. */
  onWaitingBehind?: (data: Buffer) => void;
}

/**
 * Joins the queue under `dir` with `_c_<protectionId>-lock-N`, creating missing parents. When a
 * create fails with CONNECTION_LOSS it may still have happened: the children are listed and a
 * node carrying our protection id is taken as ours instead of creating a second one, which would
 * sit in the queue for the rest of the session and block everyone behind it.
 */
export async function enqueue(
  session: ZooKeeperSession,
  dir: string,
  protectionId: string,
  data?: Buffer,
): Promise<QueueEntry> {
  const prefix = lockNodePrefix(protectionId);
  for (let attempt = 1; ; attempt++) {
    try {
      const path = await session.create(
        childPath(dir, prefix),
        data,
        CreateMode.EPHEMERAL_SEQUENTIAL,
        (error, late) => abandonLateCreate(session, dir, protectionId, error, late),
      );
      return { dir, path, name: nodeName(path) };
    } catch (error) {
      if (attempt >= MAX_CREATE_ATTEMPTS) throw error;
      if (isZooKeeperError(error, Exception.NO_NODE)) {
        await ensurePath(session, dir);
      } else if (isZooKeeperError(error, Exception.CONNECTION_LOSS)) {
        const found = await findProtected(session, dir, protectionId);
        if (found) return found;
      } else {
        throw error;
      }
    }
  }
}

/**
 * Waits until `entry` is the lowest node in its queue. Checks the children and our own node's
 * stat together (one round trip: a session's requests are answered in order), so ownership is
 * only reported for a node whose `ephemeralOwner` is this session. Rejects with
 * LockUnavailableError if the session ends or our node disappears while we wait.
 */
export async function waitForTurn(
  session: ZooKeeperSession,
  entry: QueueEntry,
  options: TurnOptions,
): Promise<Turn> {
  for (;;) {
    // Checked before ownership too: a caller who cancelled while we joined gets no lease.
    if (options.signal?.aborted) return { outcome: 'cancelled' };
    const sentAt = monotonicNow();
    const [children, stat] = await Promise.all([
      session.getChildren(entry.dir),
      session.exists(entry.path),
    ]);
    if (stat === null || !children.includes(entry.name)) {
      throw new LockUnavailableError(
        `our ZooKeeper queue node ${entry.path} disappeared (session lost?)`,
      );
    }
    if (!stat.ephemeralOwner.equals(session.id)) {
      throw new LockUnavailableError(`ZooKeeper node ${entry.path} belongs to another session`);
    }
    const queue = sortLockNodes(children);
    const index = queue.findIndex((node) => node.name === entry.name);
    const ahead = queue[index - 1];
    if (ahead === undefined) return { outcome: 'owner', stat, sentAt };
    options.onContended?.();
    if (monotonicNow() >= options.deadlineAt) return { outcome: 'timeout' };
    const woken = await watchPredecessor(session, childPath(entry.dir, ahead.name), options);
    if (woken !== 'changed') return { outcome: woken };
  }
}

/**
 * Leaves the queue: deletes our node. If ZooKeeper does not confirm it, the delete is retried
 * after every reconnect (the node is ephemeral, so at worst it goes with the session).
 */
export async function leave(session: ZooKeeperSession, entry: QueueEntry): Promise<void> {
  try {
    await session.remove(entry.path);
  } catch (error) {
    if (isZooKeeperError(error, Exception.NO_NODE)) return;
    session.deleteEventually(entry.path);
    throw error;
  }
}

/** Creates `path` and any missing ancestors as persistent nodes; existing ones are fine. */
export async function ensurePath(session: ZooKeeperSession, path: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await session.create(path, undefined, CreateMode.PERSISTENT);
      return;
    } catch (error) {
      if (isZooKeeperError(error, Exception.NODE_EXISTS)) return;
      if (!isZooKeeperError(error, Exception.NO_NODE) || attempt >= MAX_CREATE_ATTEMPTS)
        throw error;
      await ensurePath(session, parentPath(path));
    }
  }
}

/** Resolves 'changed' when the node ahead of us changes or is gone, else on deadline or cancel. */
function watchPredecessor(
  session: ZooKeeperSession,
  predecessor: string,
  options: TurnOptions,
): Promise<'changed' | 'timeout' | 'cancelled'> {
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (outcome: 'changed' | 'timeout' | 'cancelled' | Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onCancel);
      session.ended.removeEventListener('abort', onEnded);
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    const onCancel = () => finish('cancelled');
    const onEnded = () => finish(session.ended.reason as Error);
    // An infinite wait sets no timer (setTimeout would clamp Infinity to 1 ms).
    const remaining = options.deadlineAt - monotonicNow();
    const timer = Number.isFinite(remaining)
      ? setTimeout(() => finish('timeout'), Math.max(0, remaining))
      : undefined;
    options.signal?.addEventListener('abort', onCancel, { once: true });
    session.ended.addEventListener('abort', onEnded, { once: true });
    // A data watch on the predecessor only. If we stop waiting first, the watch stays set until
    // that node changes (the client cannot remove watches); `done` makes it a no-op then.
    session
      .getData(predecessor, () => finish('changed'))
      .then(
        (data) => {
          if (data === null) finish('changed');
          else options.onWaitingBehind?.(data);
        },
        (error: unknown) => finish(error instanceof Error ? error : new Error(String(error))),
      );
  });
}

/** Our node after a create whose answer was lost, found by its protection id; null if absent. */
async function findProtected(
  session: ZooKeeperSession,
  dir: string,
  protectionId: string,
): Promise<QueueEntry | null> {
  const children = await session.getChildren(dir).catch((error: unknown) => {
    if (isZooKeeperError(error, Exception.NO_NODE)) return [];
    throw error;
  });
  const prefix = lockNodePrefix(protectionId);
  const name = children.find((child) => child.startsWith(prefix));
  return name === undefined ? null : { dir, path: childPath(dir, name), name };
}

/**
 * A create answered after its caller gave up on it (timeout): if it succeeded, or may have
 * (lost connection), remove what it made so no orphan blocks the queue.
 */
function abandonLateCreate(
  session: ZooKeeperSession,
  dir: string,
  protectionId: string,
  error: unknown,
  path: string | undefined,
): void {
  if (!error && path !== undefined) {
    session.deleteEventually(path);
  } else if (isZooKeeperError(error, Exception.CONNECTION_LOSS)) {
    findProtected(session, dir, protectionId).then(
      (found) => found && session.deleteEventually(found.path),
      () => {
        // The session is failing too; our node is ephemeral and ends with it.
      },
    );
  }
}
