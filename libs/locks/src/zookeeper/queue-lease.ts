import { randomUUID } from 'node:crypto';
import zookeeper from 'node-zookeeper-client';
import { monotonicNow } from '../clock.js';
import {
  isLockError,
  LockCancelledError,
  LockContendedError,
  LockInvalidArgumentError,
  LockLostError,
  LockReleaseError,
  LockUnavailableError,
} from '../errors/index.js';
import { ManagedLease } from '../managed-lease.js';
import type { AcquireProgress } from '../telemetry.js';
import { enqueue, leave, type QueueEntry, type Turn, waitForTurn } from './lock-queue.js';
import type { SessionKeeper } from './session-keeper.js';
import { isZooKeeperError } from './zookeeper-error.js';
import type { ZooKeeperSession } from './zookeeper-session.js';

const { Exception } = zookeeper;

/** One request to take the lowest place in a queue and hold it as a lease. */
export interface QueueLeaseRequest {
  /** What the lease names (`resource` of the lock, `election:<name>` of an election). */
  resource: string;
  /** The queue's parent node. */
  dir: string;
  /** How long to wait behind others, in ms (0: try once, Infinity: until cancelled). */
  waitMs: number;
  /** The caller's cancellation. */
  signal?: AbortSignal | undefined;
  /** Stored in our queue node (the election stores the candidate id). */
  data?: Buffer | undefined;
  /** Subtracted from each deadline; null: 1% of the session timeout plus 50 ms. */
  safetyMarginMs: number | null;
  /** Called once when the lease was released or lost, or the acquire failed. */
  onDone?: () => void;
}

/**
 * Takes the lowest place in the queue under `dir` and returns it as a lease whose TTL is the
 * negotiated session timeout: the server cannot delete our ephemeral node sooner than that after
 * it last heard from us. The fencing token is the node's czxid (cluster-wide and monotonic), not
 * its sequence suffix (32-bit, per parent).
 */
export async function acquireQueueLease(
  sessions: SessionKeeper,
  request: QueueLeaseRequest,
  progress: AcquireProgress,
): Promise<ManagedLease> {
  const { resource, signal } = request;
  const started = monotonicNow();
  let granted = false;
  try {
    if (signal?.aborted) throw new LockCancelledError(resource);
    const { session, entry } = await join(sessions, request, progress);
    let turn: Turn;
    try {
      turn = await waitForTurn(session, entry, {
        deadlineAt: started + request.waitMs,
        signal,
        onContended: () => {
          progress.contended = true;
        },
        onWaitingBehind: (data) => progress.waitingBehind(data.toString('utf8')),
      });
    } catch (error) {
      await leaveQuietly(session, entry);
      throw asUnavailable(error, resource);
    }
    if (turn.outcome !== 'owner') {
      await leaveQuietly(session, entry);
      if (turn.outcome === 'cancelled') throw new LockCancelledError(resource);
      throw new LockContendedError(resource, monotonicNow() - started);
    }
    const lease = grant(session, entry, turn, request);
    granted = true;
    return lease;
  } finally {
    if (!granted) request.onDone?.();
  }
}

/**
 * Joins the queue on the live session. If that session ends before the node is confirmed,
 * nothing of ours survives it (ephemeral), so one fresh session may try again.
 */
async function join(
  sessions: SessionKeeper,
  request: QueueLeaseRequest,
  progress: AcquireProgress,
): Promise<{ session: ZooKeeperSession; entry: QueueEntry }> {
  const protectionId = randomUUID();
  for (let attempt = 1; ; attempt++) {
    const session = await sessions.live();
    progress.attempts++;
    try {
      return { session, entry: await enqueue(session, request.dir, protectionId, request.data) };
    } catch (error) {
      if (!(session.ended.aborted && attempt < 2)) throw asUnavailable(error, request.resource);
    }
  }
}

function grant(
  session: ZooKeeperSession,
  entry: QueueEntry,
  turn: Turn & { outcome: 'owner' },
  request: QueueLeaseRequest,
) {
  const { resource } = request;
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    request.onDone?.();
  };
  const lease: ManagedLease = new ManagedLease({
    resource,
    strategy: 'zookeeper',
    ownerId: entry.path,
    fencingToken: turn.stat.czxid.readBigInt64BE(0),
    tokenKind: 'zookeeper-czxid',
    ttlMs: session.timeoutMs,
    validFrom: turn.sentAt,
    safetyMarginMs: request.safetyMarginMs ?? Math.ceil(session.timeoutMs * 0.01) + 50,
    operations: {
      async renew(ttlMs) {
        if (ttlMs > session.timeoutMs) {
          throw new LockInvalidArgumentError(
            `a ZooKeeper lease lives with its session: ttlMs ${ttlMs} exceeds the session timeout ${session.timeoutMs}`,
          );
        }
        // The round trip proves the session alive (the session then refreshes every lease);
        // the stat proves the node is still ours.
        const stat = await session.exists(entry.path);
        if (stat === null || !stat.ephemeralOwner.equals(session.id))
          throw new LockLostError(resource, 'not-owner');
      },
      async release() {
        try {
          await session.remove(entry.path);
        } catch (error) {
          // NO_NODE: our node is already gone (never someone else's: sequence names are
          // unique). A server-confirmed expiry deleted it too. Both count as released.
          const gone = isZooKeeperError(error, Exception.NO_NODE) || session.confirmedExpired;
          if (!gone) {
            session.deleteEventually(entry.path);
            throw new LockReleaseError(resource, { cause: error });
          }
        }
        session.untrack(lease);
        finish();
      },
    },
  });
  lease.onLost(() => {
    session.untrack(lease);
    finish();
  });
  session.track(lease);
  return lease;
}

async function leaveQuietly(session: ZooKeeperSession, entry: QueueEntry): Promise<void> {
  await leave(session, entry).catch(() => {
    // leave() already queued the delete for after the next reconnect, and the node is
    // ephemeral: the caller's outcome (contended, cancelled, unavailable) is what matters.
  });
}

function asUnavailable(error: unknown, resource: string): Error {
  if (isLockError(error)) return error;
  return new LockUnavailableError(`ZooKeeper failed while acquiring "${resource}"`, {
    resource,
    cause: error,
  });
}
