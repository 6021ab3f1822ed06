import type { Redis } from 'ioredis';
import { resolveAcquireOptions } from '../acquire-options.js';
import { jitter, monotonicNow, sleep } from '../clock.js';
import {
  LockCancelledError,
  LockContendedError,
  LockLostError,
  LockReleaseError,
  LockUnavailableError,
} from '../errors/index.js';
import type { AcquireOptions, DistributedLock, Lease, LockStrategy } from '../lock.js';
import { ManagedLease } from '../managed-lease.js';
import { type AcquireProgress, traceAcquire } from '../telemetry.js';
import { randomOwnerId } from './owner-id.js';
import { type RedisLockTuning, ResolvedTuning } from './redis-lock-tuning.js';
import { type NodeReply, RedisNodes } from './redis-nodes.js';
import { ReleaseNotifier, type ReleaseWaiter } from './release-notifier.js';
import {
  acquireScript,
  extendScript,
  type RedisLockKeys,
  redisLockKeys,
  releaseScript,
} from './scripts.js';

/** What one acquire attempt found. */
type Attempt =
  | { kind: 'granted'; token: bigint | null }
  | { kind: 'held'; holderTtlMs: number; split: boolean; partial: boolean }
  | { kind: 'fault'; error: LockUnavailableError };

/** Pause before retrying a fault, in ms (jittered, so rivals do not collide again). */
const RETRY_DELAY_MS = 50;
/**
 * Split votes back off at random within a window that starts at a few round trips and doubles
 * with each split in a row, up to RETRY_DELAY_MS. Rivals that split were woken by the same
 * release; a fixed 25-75 ms pause after each split left the lock idle for a hundred hand-offs'
 * time, while a short random window already lets the first to retry win a majority.
 */
const SPLIT_BACKOFF_MIN_MS = 2;

/**
 * Redlock over N independent Redis nodes (N = 1 is the single-node mode). A lock is granted
 * when a majority of nodes took the key with enough validity left, measured on the monotonic
 * clock from when that attempt was sent. Waiters retry when the holder's release script
 * publishes on the resource's channel, and poll (jittered, bounded by the holder's PTTL) only
 * as a fallback. Fewer than a quorum of nodes answering is a fault (LOCK_UNAVAILABLE), never
 * waited out like contention.
 */
export class RedisQuorumLock implements DistributedLock {
  private readonly nodes: RedisNodes;
  private readonly notifier: ReleaseNotifier;
  /** Leases granted and not yet released, for close(); lost ones are pruned as it grows. */
  private readonly leases = new Set<ManagedLease>();
  private pruneLeasesAt = 1_024;
  private readonly tuning: ResolvedTuning;
  private closed = false;

  protected constructor(
    readonly strategy: LockStrategy,
    addresses: readonly string[],
    private readonly fencing: boolean,
    tuning: RedisLockTuning,
  ) {
    this.tuning = new ResolvedTuning(strategy, addresses, tuning);
    this.nodes = new RedisNodes(addresses, this.tuning);
    this.notifier = new ReleaseNotifier(addresses, this.tuning);
  }

  async acquire(resource: string, options: AcquireOptions = {}): Promise<Lease> {
    const resolved = resolveAcquireOptions(resource, options, this.tuning.defaults);
    // Redis adds its own rule on top: the TTL must leave validity after drift.
    const ttlMs = this.tuning.ttl(resolved.ttlMs);
    const waitMs = resolved.waitMs;
    return traceAcquire(this.strategy, resource, (progress) =>
      this.acquireLoop(resource, ttlMs, waitMs, options.signal, progress),
    );
  }

  /**
   * Marks every lease still held as lost (their holders must stop now, since their keys are
   * about to go), releases their keys so others need not wait for the TTL, and closes all
   * connections.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const held = [...this.leases].filter((lease) => !lease.lost);
    for (const lease of held) lease.markLost('session-expired');
    await Promise.all(held.map((lease) => this.releaseKeys(lease.resource, lease.ownerId)));
    await Promise.all([this.notifier.close(), this.nodes.close()]);
  }

  private async acquireLoop(
    resource: string,
    ttlMs: number,
    waitMs: number,
    signal: AbortSignal | undefined,
    progress: AcquireProgress,
  ): Promise<Lease> {
    const started = monotonicNow();
    const deadline = started + waitMs;
    const keys = redisLockKeys(resource, this.tuning.keyPrefix);
    // One owner id for all attempts of this acquire, so a key left by an earlier attempt that
    // could not be cleaned up is recognised as ours instead of blocking us.
    const ownerId = randomOwnerId();
    let waiter: ReleaseWaiter | undefined;
    let faults = 0;
    let splits = 0;
    try {
      if (this.closed)
        throw new LockUnavailableError(`${this.strategy} lock is closed`, { resource });
      await this.nodes.connected();
      if (waitMs > 0 && this.notifier.hasWaiters(keys.channel)) {
        // Callers of this client already wait for this resource: queue behind them (FIFO)
        // instead of racing the one a release just woke. Without this, a holder that releases
        // and acquires again gets the lock back before its woken neighbour can ask.
        progress.contended = true;
        waiter = await this.notifier.listen(keys.channel);
        await waiter.wait(Math.min(jitter(this.tuning.pollIntervalMs, 0.25), waitMs), signal);
      }
      for (;;) {
        if (signal?.aborted) throw new LockCancelledError(resource, { cause: signal.reason });
        waiter?.arm();
        progress.attempts++;
        const sentAt = monotonicNow();
        const attempt = await this.attempt(resource, keys, ownerId, ttlMs, sentAt);
        if (attempt.kind === 'granted' && !signal?.aborted) {
          return this.grant(resource, keys, ownerId, ttlMs, sentAt, attempt.token);
        }
        if (attempt.kind !== 'held' || attempt.partial) {
          // Nodes may have taken (or silently kept) our key: free it before anyone waits on it.
          await this.releaseKeys(resource, ownerId);
        }
        if (signal?.aborted || attempt.kind === 'granted') {
          throw new LockCancelledError(resource, { cause: signal?.reason });
        }
        const remaining = deadline - monotonicNow();
        if (attempt.kind === 'fault') {
          if (++faults > this.tuning.unavailableRetries || remaining <= 0) throw attempt.error;
          await sleep(Math.min(jitter(RETRY_DELAY_MS), remaining), signal);
          continue;
        }
        faults = 0;
        progress.contended = true;
        if (remaining <= 0) throw new LockContendedError(resource, monotonicNow() - started);
        if (attempt.split) {
          // No one holds a majority (rivals split the votes): back off briefly and randomly.
          const window = Math.min(RETRY_DELAY_MS, SPLIT_BACKOFF_MIN_MS * 2 ** splits++);
          await sleep(Math.min(Math.random() * window, remaining), signal);
          continue;
        }
        splits = 0;
        if (waiter === undefined) {
          // Retry at once after subscribing: a release before the ack was not heard.
          waiter = await this.notifier.listen(keys.channel);
        } else {
          const poll = Math.min(jitter(this.tuning.pollIntervalMs, 0.25), attempt.holderTtlMs + 1);
          await waiter.wait(Math.min(poll, remaining), signal);
        }
      }
    } finally {
      waiter?.close();
    }
  }

  private async attempt(
    resource: string,
    keys: RedisLockKeys,
    ownerId: string,
    ttlMs: number,
    sentAt: number,
  ): Promise<Attempt> {
    const { quorum, size } = this.nodes;
    const args = [ownerId, ttlMs, this.fencing ? '1' : '0'];
    const replies = await this.nodes.broadcast(
      (client) =>
        acquireScript.run(client, [keys.lock, keys.fence], args) as Promise<[number, number]>,
      // Decided once a majority granted; a refused attempt waits for every node (or its
      // timeout), so all nodes that may hold our key are known and can be cleaned up.
      (received) => received.filter((r) => r.ok && r.value[0] === 1).length >= quorum,
    );
    const elapsed = monotonicNow() - sentAt;
    let granted = 0;
    let held = 0;
    let token: bigint | null = null;
    let holderTtlMs = Number.POSITIVE_INFINITY;
    for (const reply of replies) {
      if (!reply.ok) continue;
      const [ok, value] = reply.value;
      if (ok === 1) {
        granted++;
        if (this.fencing) token = BigInt(value);
      } else {
        held++;
        // PTTL -1 (no expiry) or -2 (expired since) says nothing about when it frees up.
        if (value >= 0) holderTtlMs = Math.min(holderTtlMs, value);
      }
    }
    if (granted >= quorum) {
      const validity = ttlMs - elapsed - this.tuning.driftMs(ttlMs);
      if (validity >= this.tuning.minValidity(ttlMs)) return { kind: 'granted', token };
      return this.fault(resource, `granted with only ${Math.round(validity)} ms validity`, replies);
    }
    if (granted + held < quorum) {
      return this.fault(resource, `only ${granted + held} of ${size} nodes answered`, replies);
    }
    const partial = granted > 0 || replies.length > granted + held;
    return { kind: 'held', holderTtlMs, split: held < quorum, partial };
  }

  private fault(resource: string, detail: string, replies: NodeReply<unknown>[]): Attempt {
    const error = new LockUnavailableError(`${this.strategy} lock "${resource}": ${detail}`, {
      resource,
      cause: firstError(replies),
    });
    return { kind: 'fault', error };
  }

  private grant(
    resource: string,
    keys: RedisLockKeys,
    ownerId: string,
    ttlMs: number,
    sentAt: number,
    token: bigint | null,
  ): ManagedLease {
    const lease: ManagedLease = new ManagedLease({
      resource,
      strategy: this.strategy,
      ownerId,
      fencingToken: token,
      tokenKind: this.fencing ? 'redis-incr' : 'none',
      ttlMs,
      // The deadline counts from when the granting attempt was sent; the drift covers clock
      // rate differences between this process and the nodes.
      validFrom: sentAt,
      safetyMarginMs: this.tuning.driftMs(ttlMs),
      operations: {
        renew: (renewTtlMs) => this.renew(resource, keys, ownerId, renewTtlMs),
        release: async () => {
          await this.confirmRelease(resource, keys, ownerId);
          this.leases.delete(lease);
        },
      },
    });
    this.trackLease(lease);
    return lease;
  }

  /**
   * Remembers a lease for close(). Lost leases their holders never release would pile up, so
   * they are swept whenever the set doubles (amortised O(1); no per-lease signal listener).
   */
  private trackLease(lease: ManagedLease): void {
    this.leases.add(lease);
    if (this.leases.size < this.pruneLeasesAt) return;
    for (const held of this.leases) if (held.lost) this.leases.delete(held);
    this.pruneLeasesAt = Math.max(1_024, this.leases.size * 2);
  }

  private async renew(resource: string, keys: RedisLockKeys, ownerId: string, ttl: number) {
    const ttlMs = this.tuning.ttl(ttl);
    const { quorum, size } = this.nodes;
    const sentAt = monotonicNow();
    const replies = await this.nodes.broadcast(
      (client) => extendScript.run(client, [keys.lock], [ownerId, ttlMs]),
      (received) => received.filter((r) => r.ok && r.value === 1).length >= quorum,
    );
    const elapsed = monotonicNow() - sentAt;
    const extended = replies.filter((r) => r.ok && r.value === 1).length;
    const notOwner = replies.filter((r) => r.ok && r.value !== 1).length;
    if (extended >= quorum) {
      const validity = ttlMs - elapsed - this.tuning.driftMs(ttlMs);
      if (validity >= this.tuning.minValidity(ttlMs)) return;
      throw new LockUnavailableError(`renewal of "${resource}" left too little validity`, {
        resource,
      });
    }
    // A majority is out of reach even if every silent node were still ours: certainly lost.
    if (notOwner > size - quorum) throw new LockLostError(resource, 'not-owner');
    throw new LockUnavailableError(`renewal of "${resource}": too few Redis nodes answered`, {
      resource,
      cause: firstError(replies),
    });
  }

  /** Confirmed once a quorum answered: each either deleted our key or had none of ours. */
  private async confirmRelease(resource: string, keys: RedisLockKeys, ownerId: string) {
    const replies = await this.nodes.broadcast(
      (client) => releaseScript.run(client, [keys.lock], [ownerId, keys.channel]),
      (received) => received.filter((r) => r.ok).length >= this.nodes.quorum,
    );
    if (replies.filter((r) => r.ok).length < this.nodes.quorum) {
      throw new LockReleaseError(resource, { cause: firstError(replies) });
    }
  }

  /** Best-effort compare-and-delete on every node; keys it cannot reach expire with their TTL. */
  private async releaseKeys(resource: string, ownerId: string): Promise<void> {
    const keys = redisLockKeys(resource, this.tuning.keyPrefix);
    await this.nodes.broadcast((client: Redis) =>
      releaseScript.run(client, [keys.lock], [ownerId, keys.channel]),
    );
  }
}

function firstError(replies: readonly NodeReply<unknown>[]): unknown {
  for (const reply of replies) if (!reply.ok) return reply.error;
  return undefined;
}
