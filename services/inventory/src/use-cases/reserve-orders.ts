import { randomUUID } from 'node:crypto';
import { paymentRequested } from '@lockstep/contracts';
import { enqueue } from '@lockstep/events';
import { withTransaction } from '@lockstep/service-kit';
import { insertReservedOrder } from '../db/orders.js';
import { withSavepoint } from '../db/savepoint.js';
import { lockSku, type Sku } from '../db/skus.js';
import type { Sql } from '../db/sql.js';
import { requestCancelled, skuNotFound, soldOut } from '../domain/inventory-errors.js';
import { type GeoPoint, type Order, orderAmountCents } from '../domain/order.js';
import { hasAvailable, reserveUnits, type StockLevels, sameStock } from '../domain/stock.js';
import type { InventoryDeps } from './inventory-deps.js';
import type { Claimed, Settled } from './order-coalescer.js';

/** What POST /orders asks for. */
export interface OrderRequest {
  readonly sku: string;
  readonly quantity: number;
  readonly customerId: string;
  readonly walletId: string;
  readonly deliverTo: GeoPoint;
}

/**
 * Reserves units for a batch of orders of one SKU under ONE acquisition of its lock, in one
 * transaction: `claim` is called once the lock is held, so orders that queued while the lock
 * was pending are served too. In claim order, each order either reserves (its row and its
 * payment.requested land, inside a savepoint so its own failure undoes only itself), or is
 * SOLD_OUT once too few units are left, or is skipped if its client already went away.
 * The stock is written once, fenced by the lease's token, after the last order.
 *
 * Either the whole batch commits, or (SKU_BUSY, LOCK_LOST, FENCE_REJECTED, a broken
 * connection) nothing of it does and every claimed order gets that error.
 */
export async function reserveOrders(
  deps: InventoryDeps,
  sku: string,
  claim: () => readonly Claimed<OrderRequest>[],
): Promise<readonly Settled<Order>[]> {
  const outcomes = await deps.skuLocks.run(sku, { waitMs: deps.requestLockWaitMs }, (held) => {
    const batch = claim();
    countBatch(deps, batch.length);
    if (batch.length === 0) return Promise.resolve([]);
    return withTransaction(deps.pool, async (tx) => {
      const before = await lockSku(tx, sku);
      if (!before) throw skuNotFound(sku);
      let stock: StockLevels = before;
      const settled: Settled<Order>[] = [];
      for (const { request, signal } of batch) {
        if (signal?.aborted) {
          settled.push({ ok: false, error: requestCancelled(sku) });
        } else if (!hasAvailable(stock, request.quantity)) {
          deps.soldOut.markShort(sku, stock.available);
          settled.push({ ok: false, error: soldOut(sku, request.quantity, stock.available) });
        } else {
          try {
            const order = await withSavepoint(tx, () => insertOrder(deps, tx, before, request));
            stock = reserveUnits(sku, stock, request.quantity);
            settled.push({ ok: true, value: order });
          } catch (error) {
            settled.push({ ok: false, error });
          }
        }
      }
      if (!sameStock(stock, before)) await held.writeStock(tx, stock);
      held.assertHeld();
      return settled;
    });
  });
  if (outcomes.some((outcome) => outcome.ok)) deps.wakeRelay();
  return outcomes;
}

// The order row and the event that starts its payment: both or neither.
async function insertOrder(
  deps: InventoryDeps,
  tx: Sql,
  sku: Sku,
  request: OrderRequest,
): Promise<Order> {
  const orderId = randomUUID();
  const order = await insertReservedOrder(
    tx,
    {
      orderId,
      sku: request.sku,
      quantity: request.quantity,
      customerId: request.customerId,
      walletId: request.walletId,
      amountCents: orderAmountCents(sku.priceCents, request.quantity),
      deliverTo: request.deliverTo,
    },
    deps.reservationTtlMs,
  );
  await enqueue(tx, paymentRequested, {
    paymentId: orderId,
    walletId: request.walletId,
    amountCents: order.amountCents,
    reference: { kind: 'order', id: orderId },
  });
  return order;
}

function countBatch(deps: InventoryDeps, size: number): void {
  const stats = deps.reservationStats;
  stats.lockAcquisitions += 1;
  stats.batchedOrders += size;
  stats.maxBatchSize = Math.max(stats.maxBatchSize, size);
}
