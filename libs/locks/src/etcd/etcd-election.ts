import type { Etcd3 } from 'etcd3';
import { checkResource, resolveAcquireOptions } from '../acquire-options.js';
import { monotonicNow } from '../clock.js';
import { type CampaignOptions, type Election, type Leadership, leadershipOf } from '../election.js';
import { LockCancelledError } from '../errors/index.js';
import type { LockStrategy } from '../lock.js';
import { traceAcquire } from '../telemetry.js';
import { EtcdConnection, toLockError } from './etcd-connection.js';
import { checkPrefix, type EtcdRecipeOptions, keySegment } from './etcd-options.js';
import { EtcdQueue } from './etcd-queue.js';
import { LocalGate } from './local-gate.js';

/** Options of {@link EtcdElection}. */
export interface EtcdElectionOptions extends EtcdRecipeOptions {
  /** The election's name; candidates of the same name compete. */
  name: string;
}

/**
 * Leader election on etcd, like the Go client's concurrency.Election: each candidate puts its
 * value under `<prefix><name>/<session lease id hex>`; the key with the smallest create
 * revision leads, and every other candidate watches only the candidate just ahead of it.
 * Leadership is a lease with the same client-side deadline and loss signal as a lock.
 */
export class EtcdElection implements Election {
  readonly strategy: LockStrategy = 'etcd';
  /** The election's name. */
  readonly name: string;

  private readonly connection: EtcdConnection;
  private readonly queue: EtcdQueue;
  private readonly gate = new LocalGate();
  private readonly prefix: string;
  private readonly defaults: { ttlMs: number; waitMs: number };

  constructor(options: EtcdElectionOptions) {
    this.name = checkResource(options.name, 'an election name');
    this.prefix = `${checkPrefix(options.prefix ?? 'lockstep/elections/')}${keySegment(options.name)}/`;
    this.defaults = {
      ttlMs: options.defaultTtlMs ?? 10_000,
      waitMs: options.defaultWaitMs ?? Infinity,
    };
    this.connection = new EtcdConnection(options);
    this.queue = new EtcdQueue(this.connection);
  }

  private get client(): Etcd3 {
    return this.connection.client;
  }

  /**
   * Campaigns as `candidateId` (the value observers see) and resolves once elected. A failed
   * campaign leaves no key. Campaigns of one client for one election run one at a time.
   */
  async campaign(candidateId: string, options: CampaignOptions = {}): Promise<Leadership> {
    checkResource(candidateId, 'candidateId');
    const resource = `election:${this.name}`;
    const { ttlMs, waitMs, signal } = resolveAcquireOptions(resource, options, this.defaults);
    const lease = await traceAcquire(this.strategy, resource, async (progress) => {
      const startedAt = monotonicNow();
      if (signal?.aborted) throw new LockCancelledError(resource);
      if (this.gate.busy(resource)) progress.contended = true;
      const leaveGate = await this.gate.enter(resource, waitMs, signal);
      const ticket = await this.queue.join({
        resource,
        prefix: this.prefix,
        keyFor: (session) => `${this.prefix}${session.leaseIdHex}`,
        value: candidateId,
        holders: 1,
        session: () => this.connection.session(ttlMs, resource),
        waitMs,
        startedAt,
        signal,
        progress,
        onGone: leaveGate,
      });
      return this.queue.lease(ticket, resource, leaveGate);
    });
    return leadershipOf(this.name, candidateId, lease);
  }

  /** The current leader's candidate id, or undefined when nobody campaigns. LockUnavailableError on a fault. */
  async leader(): Promise<string | undefined> {
    try {
      const front = await this.client
        .getAll()
        .prefix(this.prefix)
        .sort('Create', 'Ascend')
        .limit(1)
        .exec();
      return front.kvs[0]?.value.toString();
    } catch (error) {
      throw toLockError(error, `election:${this.name}`);
    }
  }

  /**
   * Calls `onChange` with the leader's value (undefined: no leader) now and on every change,
   * until `signal` aborts. Resolves once the first value was reported. Changes are re-read from
   * etcd on every event and on every watch reconnect, so none is missed, and reported in order.
   */
  async observe(
    onChange: (leader: string | undefined) => void,
    signal: AbortSignal,
  ): Promise<void> {
    let last: string | undefined | null = null;
    let reported = Promise.resolve();
    const report = () => {
      reported = reported.then(async () => {
        if (signal.aborted) return;
        try {
          const now = await this.leader();
          if (now !== last && !signal.aborted) {
            last = now;
            onChange(now);
          }
        } catch {
          // Safe to swallow: the watch's next event or reconnect reads the leader again.
        }
      });
    };
    const watcher = this.client.watch().prefix(this.prefix).watcher();
    watcher.on('put', report);
    watcher.on('delete', report);
    // Events between the first read and the watch being established are covered by this read.
    watcher.on('connected', report);
    watcher.on('error', report);
    signal.addEventListener(
      'abort',
      () => {
        // Safe to swallow: a watch that cannot be cancelled dies with its client.
        watcher.cancel().catch(() => undefined);
      },
      { once: true },
    );
    report();
    await reported;
  }

  /** Revokes this client's sessions: a leader steps down (its lease is marked lost). */
  close(): Promise<void> {
    return this.connection.close();
  }
}
