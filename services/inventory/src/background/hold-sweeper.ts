import { ZooKeeperElection } from '@lockstep/locks';
import { type HoldSweepOptions, type Logger, sweepEach } from '@lockstep/service-kit';
import type { InventoryConfig } from '../config.js';
import { oldestOverdueHoldSeconds } from '../db/orders.js';
import { inventoryMetrics } from '../telemetry/inventory-metrics.js';
import { expireSkuHolds, skusToSweep } from '../use-cases/expire-holds.js';
import type { ServiceDeps } from '../use-cases/service-deps.js';

// SKUs visited per sweep; the rest wait for the next sweep, a few seconds later.
const skusPerSweep = 100;

/**
 * Inventory's hold sweep, for the kit's addHoldSweep. Each sweep releases holds whose payment
 * never finished: each SKU with expired holds in turn, at most `batchSize` holds per SKU; a
 * failing SKU is logged and retried next sweep. Run by the leader of a ZooKeeper election
 * (SWEEPER_ELECTION) only, so replicas do not queue on the same SKU locks for the same holds. A second sweeper
 * would be safe anyway (each release re-reads its orders under the SKU lock), just wasteful.
 * On leadership loss `term` fires and the sweep stops at once: a lock wait is cancelled and an
 * open transaction rolls back. Every replica reports how overdue the oldest hold is.
 */
export function orderHoldSweep(
  deps: ServiceDeps,
  config: Pick<
    InventoryConfig,
    'SWEEPER_ELECTION' | 'ZOOKEEPER_CONNECT' | 'ZOOKEEPER_SESSION_TIMEOUT_MS'
  >,
): HoldSweepOptions {
  return {
    election: new ZooKeeperElection({
      name: config.SWEEPER_ELECTION,
      connectionString: config.ZOOKEEPER_CONNECT,
      sessionTimeoutMs: config.ZOOKEEPER_SESSION_TIMEOUT_MS,
    }),
    saga: 'order',
    sweep: async (batchSize, term, log) =>
      sweepEach(
        await skusToSweep(deps, skusPerSweep),
        term,
        (sku) => releaseExpiredOfSku(deps, sku, { batchSize, signal: term }, log),
        (error, sku) =>
          log.warn({ err: error, sku }, 'could not release expired holds; next sweep retries'),
      ),
    readOverdueSeconds: () => oldestOverdueHoldSeconds(deps.pool),
  };
}

/** Releases up to `batchSize` expired holds of one SKU; resolves with how many it released. */
async function releaseExpiredOfSku(
  deps: ServiceDeps,
  sku: string,
  options: { batchSize: number; signal: AbortSignal },
  log: Logger,
): Promise<number> {
  const expired = await expireSkuHolds(deps, sku, options);
  // expireSkuHolds committed before returning: these orders are now expired for good.
  inventoryMetrics.sagaOutcome('order', 'expired', expired);
  if (expired > 0) log.info({ sku, released: expired }, 'expired holds released');
  return expired;
}
