import { withTransaction } from '@lockstep/service-kit';
import { lockExpiredHolds, setOrderStatus, skusWithExpiredHolds } from '../db/orders.js';
import { lockSku } from '../db/skus.js';
import { settleExpired } from '../domain/settlement.js';
import { type StockLevels, sameStock } from '../domain/stock.js';
import { emitSettlement } from './emit-settlement.js';
import type { ServiceDeps } from './service-deps.js';

/** SKUs that have holds past their expiry, oldest first; at most `limit`. */
export function skusToSweep(deps: ServiceDeps, limit: number): Promise<string[]> {
  return skusWithExpiredHolds(deps.pool, limit);
}

/**
 * Releases up to `batchSize` expired holds of one SKU: under its lock, fenced, in one
 * transaction, each order becomes 'expired', its units go back on the shelf and
 * order.cancelled (hold-expired) is enqueued. Holds settled meanwhile (paid, failed) are
 * skipped: they are re-read under the lock. `signal` (the sweeper's leadership) cancels the
 * wait and, once it fires, rolls the transaction back. Returns how many holds it released.
 */
export async function expireSkuHolds(
  deps: ServiceDeps,
  sku: string,
  options: { batchSize: number; signal: AbortSignal },
): Promise<number> {
  const released = await deps.skuLocks.run(
    sku,
    { waitMs: deps.backgroundLockWaitMs, signal: options.signal },
    (held) =>
      withTransaction(deps.pool, async (tx) => {
        const holds = await lockExpiredHolds(tx, sku, options.batchSize);
        const before = await lockSku(tx, sku);
        if (!before || holds.length === 0) return 0;
        let stock: StockLevels = before;
        let count = 0;
        for (const order of holds) {
          const settlement = settleExpired(order, stock);
          if (settlement === null) continue;
          stock = settlement.stock;
          await setOrderStatus(tx, order.orderId, settlement.status, settlement.reason);
          await emitSettlement(tx, order, settlement);
          count += 1;
        }
        if (!sameStock(stock, before)) await held.writeStock(tx, stock);
        held.assertHeld();
        return count;
      }),
  );
  if (released > 0) deps.wakeRelay();
  return released;
}
