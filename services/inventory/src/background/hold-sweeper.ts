import { ZooKeeperElection } from '@lockstep/locks';
import { ElectedLoop, type ElectedLoopStats, type Logger } from '@lockstep/service-kit';
import { inventoryMetrics } from '../telemetry/inventory-metrics.js';
import { expireSkuHolds, skusToSweep } from '../use-cases/expire-holds.js';
import type { ServiceDeps } from '../use-cases/service-deps.js';

/** Options for {@link HoldSweeper}. */
export interface HoldSweeperOptions {
  deps: ServiceDeps;
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

/** What a sweeper has done: terms led, sweeps (rounds) run, holds released (handled). */
export type SweeperStats = ElectedLoopStats;

// SKUs visited per sweep; the rest wait for the next sweep, a few seconds later.
const skusPerSweep = 100;

/**
 * Releases holds whose payment never finished. Every replica campaigns in a ZooKeeper
 * election and only the leader sweeps (the kit's ElectedLoop), so replicas do not queue on the
 * same SKU locks for the same holds. A second sweeper would be safe anyway (each release
 * re-reads its orders under the SKU lock), just wasteful. On leadership loss the sweep stops
 * at once: a lock wait is cancelled and an open transaction rolls back.
 */
export class HoldSweeper extends ElectedLoop {
  constructor(options: HoldSweeperOptions) {
    const log = options.logger.child({ component: 'hold-sweeper' });
    super({
      name: 'hold-sweeper',
      election: new ZooKeeperElection({
        name: options.election,
        connectionString: options.connectionString,
        sessionTimeoutMs: options.sessionTimeoutMs,
      }),
      candidateId: options.instanceId,
      intervalMs: options.intervalMs,
      logger: options.logger,
      round: (term) => sweep(options, log, term),
    });
  }
}

/** One pass over the SKUs with expired holds; a failing SKU is logged and retried next pass. */
async function sweep(
  { deps, batchSize }: HoldSweeperOptions,
  log: Logger,
  term: AbortSignal,
): Promise<number> {
  let released = 0;
  for (const sku of await skusToSweep(deps, skusPerSweep)) {
    if (term.aborted) break;
    try {
      const expired = await expireSkuHolds(deps, sku, { batchSize, signal: term });
      released += expired;
      // expireSkuHolds committed before returning: these orders are now expired for good.
      inventoryMetrics.sagaOutcome('order', 'expired', expired);
      if (expired > 0) log.info({ sku, released: expired }, 'expired holds released');
    } catch (error) {
      if (term.aborted) break;
      log.warn({ err: error, sku }, 'could not release expired holds; next sweep retries');
    }
  }
  return released;
}
