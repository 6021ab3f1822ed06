import { type Etcd3, EtcdLeaseInvalidError, type IKeyValue, type ITxnResponse } from 'etcd3';
import { monotonicNow } from '../clock.js';
import {
  isLockError,
  LockCancelledError,
  LockContendedError,
  LockErrorCode,
  LockInvalidArgumentError,
  LockLostError,
  LockUnavailableError,
} from '../errors/index.js';
import { ManagedLease } from '../managed-lease.js';
import type { AcquireProgress } from '../telemetry.js';
import { type EtcdConnection, toLockError } from './etcd-connection.js';
import type { EtcdSession } from './etcd-session.js';
import { deleteOwnKey } from './own-key.js';
import { OwnKeyGoneError, waitForDeletes } from './wait-for-deletes.js';

/** Our key in a queue, as far as cleanup knows it. */
interface QueueEntry {
  session: EtcdSession | undefined;
  key: string;
  createRevision: bigint | null;
}

/** A key that reached the front of its queue: held until deleted or its session ends. */
export interface QueueTicket {
  /** Our key, `<prefix><suffix>`. */
  key: string;
  /** Its create revision: the fencing token. */
  createRevision: bigint;
  /** The session whose lease the key is attached to. */
  session: EtcdSession;
}

/** One request to join a queue. */
export interface JoinRequest {
  /** What errors and spans name (e.g. the lock resource, `semaphore:<name>`). */
  resource: string;
  /** The queue: every key under it competes; ends with '/'. */
  prefix: string;
  /** Our key under `prefix` for a session (it must embed the session's lease id). */
  keyFor(session: EtcdSession): string;
  /** Value stored in our key (the election stores the candidate's value). */
  value: string;
  /** How many keys at the front hold: 1 for a mutex or an election, N for a semaphore. */
  holders: number;
  /** The session to join with; called again once if etcd refused its lease. */
  session(): Promise<EtcdSession>;
  /** Total wait allowed from `startedAt`, in ms (0: try once, Infinity: no limit). */
  waitMs: number;
  /** Monotonic time the acquire started (for the wait budget and LockContendedError.waitedMs). */
  startedAt: number;
  /** The caller's cancellation. */
  signal: AbortSignal | undefined;
  /** Attempts and contention, for the acquire span. */
  progress: AcquireProgress;
  /** Runs once our key is known gone after a failed join (at once, or when etcd answers again). */
  onGone(): void;
}

/**
 * The machinery shared by the etcd lock, semaphore and election, after etcd's
 * concurrency.Mutex: create our key only if absent and read the front of the queue in one
 * transaction (the uncontended path is one RPC); otherwise wait for the keys ahead to be
 * deleted, reading them only while our own key still exists (the session may expire while we
 * wait), so the read that ends the wait also confirms our key. A join that fails for any
 * reason deletes our key, so no dead entry is left in the queue.
 */
export class EtcdQueue {
  private readonly client: Etcd3;

  constructor(private readonly connection: EtcdConnection) {
    this.client = connection.client;
  }

  /** Joins and waits for the front; throws LockContendedError, LockCancelledError or LockUnavailableError. */
  async join(request: JoinRequest): Promise<QueueTicket> {
    // What cleanup must remove if anything below fails; createRevision stays null while we do
    // not know whether our put was applied (its answer may have been lost).
    const entry: QueueEntry = { session: undefined, key: '', createRevision: null };
    try {
      const { session, createRevision, front } = await this.enqueue(request, entry);
      const ticket = { key: entry.key, createRevision, session };
      if (holds(front, createRevision, request.holders)) return ticket;
      request.progress.contended = true;
      if (request.waitMs <= 0) throw new LockContendedError(request.resource, 0);
      await this.waitForTurn(request, ticket);
      return ticket;
    } catch (error) {
      await this.leave(entry, request.onGone);
      throw toLockError(error, request.resource);
    }
  }

  /**
   * The lease for a ticket: valid from the session's last acknowledged keepalive (a put does
   * not renew an etcd lease), refreshed by every later one. `onEnd` runs once it is released
   * or lost.
   */
  lease(ticket: QueueTicket, resource: string, onEnd: () => void = () => undefined): ManagedLease {
    const { key, createRevision, session } = ticket;
    const lease: ManagedLease = new ManagedLease({
      resource,
      strategy: 'etcd',
      ownerId: key,
      fencingToken: createRevision,
      tokenKind: 'etcd-create-revision',
      ttlMs: session.ttlMs,
      validFrom: session.validFrom,
      safetyMarginMs: session.safetyMarginMs,
      operations: {
        renew: (ttlMs) => this.renew(ticket, resource, ttlMs),
        release: async () => {
          try {
            await deleteOwnKey(this.client, key, createRevision);
          } catch (error) {
            // Unconfirmed: the session would keep the key alive for as long as it lives, so it
            // retries the delete itself; once that succeeds the lease no longer owns anything.
            session.removeEventually(key, createRevision, () => lease.markLost('not-owner'));
            throw error;
          }
          session.detach(lease);
          onEnd();
        },
      },
    });
    session.attach(lease);
    lease.onLost(onEnd);
    return lease;
  }

  /** Creates our key if absent and reads the front, in one txn; retries once with a new session if etcd lost the lease. */
  private async enqueue(
    request: JoinRequest,
    entry: QueueEntry,
  ): Promise<{ session: EtcdSession; createRevision: bigint; front: IKeyValue[] }> {
    for (let attempt = 1; ; attempt++) {
      const session = await request.session();
      entry.session = session;
      entry.key = request.keyFor(session);
      request.progress.attempts++;
      try {
        const response = await this.createIfAbsent(entry.key, request, session);
        const createRevision = ownRevision(response);
        entry.createRevision = createRevision;
        return { session, createRevision, front: response.responses[1]?.response_range.kvs ?? [] };
      } catch (error) {
        if (!(error instanceof EtcdLeaseInvalidError) || attempt === 2) throw error;
        // etcd no longer knows the lease, so none of its keys exists: retire it, try a new one.
        session.expire(error);
        entry.session = undefined;
      }
    }
  }

  private createIfAbsent(
    key: string,
    request: JoinRequest,
    session: EtcdSession,
  ): Promise<ITxnResponse> {
    const { client } = this;
    const front = client
      .getAll()
      .prefix(request.prefix)
      .sort('Create', 'Ascend')
      .limit(request.holders);
    return client
      .if(key, 'Create', '==', 0)
      .then(client.put(key).value(request.value).lease(session.leaseId), front)
      .else(client.get(key), front)
      .commit();
  }

  private async waitForTurn(request: JoinRequest, ticket: QueueTicket): Promise<void> {
    const { session } = ticket;
    const timeout = new AbortController();
    const left = request.waitMs - (monotonicNow() - request.startedAt);
    const timer = Number.isFinite(left)
      ? setTimeout(() => timeout.abort(), Math.max(0, left))
      : undefined;
    const signals = [timeout.signal, session.signal, ...(request.signal ? [request.signal] : [])];
    this.connection.watchStream.hold();
    try {
      await waitForDeletes(
        this.client,
        request.prefix,
        ticket,
        request.holders,
        AbortSignal.any(signals),
        (values) => {
          for (const value of values) request.progress.waitingBehind(value.toString('utf8'));
        },
      );
      // The last read proved our key exists; a session already known lost still gets no lease.
      session.signal.throwIfAborted();
    } catch (error) {
      if (request.signal?.aborted) throw new LockCancelledError(request.resource, { cause: error });
      if (session.signal.aborted || error instanceof OwnKeyGoneError)
        throw sessionExpired(request.resource, session.signal.reason ?? error);
      if (timeout.signal.aborted)
        throw new LockContendedError(request.resource, monotonicNow() - request.startedAt);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Deletes our key after a failed join; `onGone` runs once it is confirmed gone. */
  private async leave(entry: QueueEntry, onGone: () => void): Promise<void> {
    const { session, key, createRevision } = entry;
    if (!session) return onGone();
    try {
      await deleteOwnKey(this.client, key, createRevision);
      onGone();
    } catch {
      // etcd is unreachable: the session deletes the key once it answers, or etcd drops it with the lease.
      session.removeEventually(key, createRevision, onGone);
    }
  }

  private async renew(ticket: QueueTicket, resource: string, ttlMs: number): Promise<void> {
    const { key, createRevision, session } = ticket;
    if (ttlMs > session.ttlMs) {
      throw new LockInvalidArgumentError(
        `an etcd lease lives as long as its session's TTL (${session.ttlMs} ms); cannot extend by ${ttlMs} ms`,
      );
    }
    let own: IKeyValue | undefined;
    try {
      const [read] = await Promise.all([this.client.get(key).exec(), session.keepAlive()]);
      own = read.kvs[0];
    } catch (error) {
      if (isLockError(error, LockErrorCode.Lost))
        throw new LockLostError(resource, 'not-owner', { cause: error });
      throw toLockError(error, resource);
    }
    if (!own || BigInt(own.create_revision) !== createRevision)
      throw new LockLostError(resource, 'not-owner');
  }
}

/** The create revision of our key: the txn's revision if we created it, else the existing key's. */
function ownRevision(response: ITxnResponse): bigint {
  if (response.succeeded) return BigInt(response.header.revision);
  const existing = response.responses[0]?.response_range.kvs[0];
  if (!existing)
    throw new Error('etcd answered a failed create-if-absent without the existing key');
  return BigInt(existing.create_revision);
}

/** Whether our key is among the first `holders` keys by create revision. */
function holds(front: IKeyValue[], createRevision: bigint, holders: number): boolean {
  return (
    front.length < holders || front.some((kv) => BigInt(kv.create_revision) === createRevision)
  );
}

/**
 * The session's lease ended while we waited, so etcd deleted (or will delete) our key: a fault
 * of our connection to etcd, reported as unavailable with the session loss as its cause.
 */
function sessionExpired(resource: string, cause: unknown): LockUnavailableError {
  return new LockUnavailableError(`the etcd session expired while waiting for "${resource}"`, {
    resource,
    cause: new LockLostError(resource, 'session-expired', { cause }),
  });
}
