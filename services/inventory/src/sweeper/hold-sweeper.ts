import { sleep, ZooKeeperElection } from '@lockstep/locks';
import type { Component, Logger } from '@lockstep/service-kit';
import { inventoryMetrics } from '../telemetry/inventory-metrics.js';
import { expireSkuHolds, skusToSweep } from '../use-cases/expire-holds.js';
import type { InventoryDeps } from '../use-cases/inventory-deps.js';

/** Options for {@link HoldSweeper}. */
export interface HoldSweeperOptions {
  deps: InventoryDeps;
  /** ZooKeeper connection string and session timeout (the election's own session). */
  connectionString: string;
  sessionTimeoutMs: number;
  /** The election's name; the sweepers of one deployment share it. */
  election: string;
  /** This replica's id, the candidate id shown as leader. */
  instanceId: string;
  /** Pause between sweeps, in ms. */
  intervalMs: number;
  /** Most holds released per SKU and sweep. */
  batchSize: number;
  logger: Logger;
}

/** What a sweeper has done; for tests and logs. */
export interface SweeperStats {
  /** Times this replica became leader. */
  terms: number;
  /** Sweeps run while leading. */
  sweeps: number;
  /** Holds released. */
  released: number;
}

// SKUs visited per sweep; the rest wait for the next sweep, a few seconds later.
const skusPerSweep = 100;

/**
 * Releases holds whose payment never finished. Every replica campaigns in a ZooKeeper
 * election and only the leader sweeps, so replicas do not queue on the same SKU locks for the
 * same holds. A second sweeper would be safe anyway (each release re-reads its orders under
 * the SKU lock), just wasteful. On leadership loss (its signal fires: session suspended or
 * expired) the sweep stops at once: a lock wait is cancelled and an open transaction rolls
 * back; the replica then campaigns again.
 */
export class HoldSweeper implements Component {
  readonly name = 'hold-sweeper';
  private readonly election: ZooKeeperElection;
  private readonly log: Logger;
  private readonly stopping = new AbortController();
  private readonly counters: SweeperStats = { terms: 0, sweeps: 0, released: 0 };
  private loop: Promise<void> | undefined;
  private leading = false;

  constructor(private readonly options: HoldSweeperOptions) {
    this.election = new ZooKeeperElection(options.election, {
      connectionString: options.connectionString,
      sessionTimeoutMs: options.sessionTimeoutMs,
    });
    this.log = options.logger.child({ component: 'hold-sweeper' });
  }

  /** Whether this replica leads the sweep right now. */
  get isLeader(): boolean {
    return this.leading;
  }

  /** Counters since start; live, read-only. */
  get stats(): Readonly<SweeperStats> {
    return this.counters;
  }

  /** Starts campaigning in the background; start-up does not wait to win. */
  start(): void {
    this.loop ??= this.campaignForever();
  }

  /** Stops sweeping (a sweep in progress stops at its next step), resigns, closes the session. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loop;
    await this.election.close();
  }

  private async campaignForever(): Promise<void> {
    const stopping = this.stopping.signal;
    while (!stopping.aborted) {
      let leadership: Awaited<ReturnType<ZooKeeperElection['campaign']>>;
      try {
        leadership = await this.election.campaign(this.options.instanceId, { signal: stopping });
      } catch (error) {
        if (stopping.aborted) return;
        this.log.warn({ err: error }, 'campaign failed; trying again');
        await sleep(this.options.intervalMs, stopping);
        continue;
      }
      this.leading = true;
      this.counters.terms += 1;
      this.log.info({ fencingToken: String(leadership.fencingToken) }, 'leading the hold sweep');
      const term = AbortSignal.any([leadership.signal, stopping]);
      try {
        while (!term.aborted) {
          await this.sweep(term);
          await sleep(this.options.intervalMs, term);
        }
      } finally {
        this.leading = false;
        await leadership.resign().catch((error: unknown) => {
          // A lost leadership has nothing left to resign, and an unconfirmed delete goes with
          // the session, which stop() closes: either way the next candidate takes over.
          this.log.debug({ err: error }, 'resign did not complete');
        });
        this.log.info({ lost: leadership.signal.aborted }, 'stopped leading the hold sweep');
      }
    }
  }

  /** One pass over the SKUs with expired holds; a failing SKU is logged and retried next pass. */
  private async sweep(term: AbortSignal): Promise<void> {
    const { deps, batchSize } = this.options;
    let skus: string[];
    try {
      skus = await skusToSweep(deps, skusPerSweep);
    } catch (error) {
      this.log.warn({ err: error }, 'could not list expired holds');
      return;
    }
    this.counters.sweeps += 1;
    for (const sku of skus) {
      if (term.aborted) return;
      try {
        const released = await expireSkuHolds(deps, sku, { batchSize, signal: term });
        this.counters.released += released;
        // expireSkuHolds committed before returning: these orders are now expired for good.
        inventoryMetrics.sagaOutcome('order', 'expired', released);
        if (released > 0) this.log.info({ sku, released }, 'expired holds released');
      } catch (error) {
        if (term.aborted) return;
        this.log.warn({ err: error, sku }, 'could not release expired holds; next sweep retries');
      }
    }
  }
}
