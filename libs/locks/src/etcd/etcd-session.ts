import { type Etcd3, EtcdLeaseInvalidError, type ILeaseKeepAliveResponse } from 'etcd3';
import { jitter, monotonicNow, sleep } from '../clock.js';
import { type LeaseLossReason, LockLostError } from '../errors/index.js';
import type { ManagedLease } from '../managed-lease.js';
import { deleteOwnKey } from './own-key.js';

/** Timing of one session. */
export interface EtcdSessionTiming {
  /** Timeout of one keepalive or revoke, in ms. */
  requestTimeoutMs: number;
  /** Explicit safety margin in ms; default 1% of the TTL plus 10 ms. */
  safetyMarginMs?: number | undefined;
}

/** A key to delete once etcd answers again, and who waits for it to be gone. */
interface PendingRemoval {
  createRevision: bigint | null;
  onGone: () => void;
}

/**
 * One etcd lease shared by every key this client creates with the same TTL, like the Go
 * client's concurrency.Session. The keepalive loop is our own (not etcd3's) so we know when each
 * acknowledged keepalive was *sent*: every ack moves the deadline of all the session's leases to
 * `sentAt + TTL - margin`, and etcd cannot expire the lease before that.
 *
 * The session ends, for good, when etcd says the lease is gone ('session-expired') or when no
 * keepalive was acknowledged before the deadline ('deadline'); its leases are marked lost and a
 * later ack can never revive it, so a key whose holder was told "lost" is never kept alive.
 */
export class EtcdSession {
  /** The etcd lease id (decimal, as etcd3 returns it). */
  readonly leaseId: string;
  /** The lease id in hex, the last segment of every key of this session (as in the Go client). */
  readonly leaseIdHex: string;
  /** The TTL etcd granted (it may raise the one asked for to its minimum), in ms. */
  readonly ttlMs: number;
  /** Subtracted from every deadline. */
  readonly safetyMarginMs: number;
  /** Fires (reason: LockLostError) once the session ended. */
  readonly signal: AbortSignal;

  private readonly ended = new AbortController();
  private readonly leases = new Set<ManagedLease>();
  private readonly removals = new Map<string, PendingRemoval>();
  private lastAckSentAt: number;
  private closed = false;

  private constructor(
    private readonly client: Etcd3,
    private readonly timing: EtcdSessionTiming,
    grant: { id: string; ttlSeconds: number; sentAt: number },
  ) {
    this.leaseId = grant.id;
    this.leaseIdHex = BigInt(grant.id).toString(16);
    this.ttlMs = grant.ttlSeconds * 1000;
    this.safetyMarginMs = timing.safetyMarginMs ?? Math.ceil(this.ttlMs * 0.01) + 10;
    this.lastAckSentAt = grant.sentAt;
    this.signal = this.ended.signal;
    void this.run();
  }

  /** Grants a lease of `ttlSeconds` and starts keeping it alive. Rejects with etcd's error. */
  static async open(
    client: Etcd3,
    ttlSeconds: number,
    timing: EtcdSessionTiming,
  ): Promise<EtcdSession> {
    const sentAt = monotonicNow();
    const granted = await client.leaseClient.leaseGrant({ TTL: ttlSeconds });
    return new EtcdSession(client, timing, {
      id: granted.ID,
      ttlSeconds: Number(granted.TTL),
      sentAt,
    });
  }

  /** Monotonic send time of the last acknowledged grant or keepalive: where lease validity starts. */
  get validFrom(): number {
    return this.lastAckSentAt;
  }

  /** Whether the session still stands (not ended, deadline not passed). */
  get alive(): boolean {
    return !this.ended.signal.aborted && this.remainingMs() > 0;
  }

  /** Milliseconds until etcd may expire the lease, on our clock. */
  remainingMs(): number {
    return this.lastAckSentAt + this.ttlMs - this.safetyMarginMs - monotonicNow();
  }

  /** Refreshes `lease` with every ack until it is released or lost; marks it lost at once if the session ended. */
  attach(lease: ManagedLease): void {
    if (this.ended.signal.aborted) {
      lease.markLost('session-expired', this.ended.signal.reason);
      return;
    }
    this.leases.add(lease);
    lease.onLost(() => this.leases.delete(lease));
  }

  /** Stops refreshing `lease` (it was released). */
  detach(lease: ManagedLease): void {
    this.leases.delete(lease);
  }

  /**
   * Sends one keepalive now and refreshes every lease from its send time. Throws
   * LockLostError('session-expired') when etcd says the lease is gone (the session then ends),
   * and etcd's error on a fault (the deadline stays in force).
   */
  async keepAlive(): Promise<void> {
    this.throwIfEnded();
    const sentAt = monotonicNow();
    const ttl = await this.sendKeepAlive();
    if (ttl <= 0) this.end('session-expired');
    // An ack that arrives after the deadline must not revive the session: its leases have
    // already fired their signals, and their keys must not be kept alive behind their backs.
    if (
      !this.ended.signal.aborted &&
      monotonicNow() >= this.lastAckSentAt + this.ttlMs - this.safetyMarginMs
    ) {
      this.end('deadline');
    }
    this.throwIfEnded();
    this.lastAckSentAt = Math.max(this.lastAckSentAt, sentAt);
    for (const lease of this.leases) lease.refresh(sentAt, this.ttlMs);
  }

  /**
   * Deletes `key` as soon as etcd answers: tried after every acknowledged keepalive. `onGone`
   * runs once the key is known gone, by that delete or because the session ended (etcd deletes
   * a lease's keys with it). Used when a waiter's cleanup or a release could not reach etcd:
   * otherwise this session would keep a dead queue entry alive and block the lock for everyone.
   */
  removeEventually(
    key: string,
    createRevision: bigint | null,
    onGone: () => void = () => undefined,
  ): void {
    if (this.ended.signal.aborted) {
      onGone();
      return;
    }
    const earlier = this.removals.get(key);
    const notify = earlier
      ? () => {
          earlier.onGone();
          onGone();
        }
      : onGone;
    this.removals.set(key, { createRevision, onGone: notify });
  }

  /** Ends the session: revokes the lease (deleting its keys) and marks every lease lost. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.end('session-expired');
    await this.revoke();
  }

  /** Ends the session after etcd refused its lease (e.g. a put said "lease not found"). */
  expire(cause?: unknown): void {
    this.end('session-expired', cause);
  }

  private end(reason: LeaseLossReason, cause?: unknown): void {
    if (this.ended.signal.aborted) return;
    this.ended.abort(new LockLostError(`etcd-lease:${this.leaseIdHex}`, reason, { cause }));
    for (const lease of this.leases) lease.markLost(reason, cause);
    this.leases.clear();
    for (const removal of this.removals.values()) removal.onGone();
    this.removals.clear();
    // After a missed deadline etcd may still hold the lease (we only stopped hearing from it,
    // and a restarted etcd grants every lease a fresh TTL): revoking as soon as etcd answers
    // frees its keys for other clients instead of a TTL later.
    if (reason === 'deadline') void this.revokeWhenReachable();
  }

  /** Revokes the lease; false if etcd did not confirm. */
  private async revoke(): Promise<boolean> {
    try {
      await this.client.leaseClient.leaseRevoke(
        { ID: this.leaseId },
        { deadline: Date.now() + this.timing.requestTimeoutMs },
      );
      return true;
    } catch (error) {
      // An unknown lease is already gone; any other failure is safe to leave: an unrevoked
      // lease expires on the server within its TTL, keys included.
      return error instanceof EtcdLeaseInvalidError;
    }
  }

  private async revokeWhenReachable(): Promise<void> {
    const giveUpAt = monotonicNow() + 10 * this.ttlMs;
    while (!this.closed && monotonicNow() < giveUpAt) {
      if (await this.revoke()) return;
      // Unref'd: a retry must not keep the process alive on its own.
      await new Promise((resolve) => setTimeout(resolve, jitter(500)).unref());
    }
  }

  private async run(): Promise<void> {
    const interval = this.ttlMs / 3;
    let wait = interval;
    while (!this.ended.signal.aborted) {
      const awake = await sleep(Math.max(0, Math.min(wait, this.remainingMs())), this.ended.signal);
      if (!awake) return;
      if (this.remainingMs() <= 0) return this.end('deadline');
      try {
        await this.keepAlive();
        wait = interval;
      } catch {
        // A lost session already ended; a fault is retried sooner, and if none gets through the
        // deadline ends the session (each lease's own timer fires its signal on time anyway).
        wait = jitter(Math.min(interval, 250));
        continue;
      }
      await this.flushRemovals();
    }
  }

  private async flushRemovals(): Promise<void> {
    for (const [key, removal] of [...this.removals]) {
      try {
        await deleteOwnKey(this.client, key, removal.createRevision);
      } catch {
        // Still unreachable: the next acknowledged keepalive tries again.
        return;
      }
      if (this.removals.get(key) === removal) this.removals.delete(key);
      removal.onGone();
    }
  }

  private async sendKeepAlive(): Promise<number> {
    const stream = await this.client.leaseClient.leaseKeepAlive({
      deadline: Date.now() + this.timing.requestTimeoutMs,
    });
    try {
      const response = await new Promise<ILeaseKeepAliveResponse>((resolve, reject) => {
        stream.on('data', resolve);
        // The listener stays after settling: a late stream error must not become an uncaught one.
        stream.on('error', reject);
        stream.on('end', () => reject(new Error('etcd keepalive stream ended without a response')));
        stream.write({ ID: this.leaseId });
      });
      return Number(response.TTL);
    } finally {
      stream.end();
    }
  }

  private throwIfEnded(): void {
    if (this.ended.signal.aborted) throw this.ended.signal.reason;
  }
}
