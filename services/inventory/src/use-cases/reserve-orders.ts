import { randomUUID } from 'node:crypto';
import { paymentRequested, settlementCurrency } from '@lockstep/contracts';
import { enqueueAll, type TraceContext } from '@lockstep/events';
import { withTransaction } from '@lockstep/service-kit';
import { insertReservedOrders, type NewOrder } from '../db/orders.js';
import { withSavepoint } from '../db/savepoint.js';
import { lockSku, type Sku } from '../db/skus.js';
import type { Sql } from '../db/sql.js';
import { requestCancelled, skuNotFound, soldOut } from '../domain/inventory-errors.js';
import { type GeoPoint, type Order, orderAmountCents } from '../domain/order.js';
import { hasAvailable, reserveUnits, type StockLevels, sameStock } from '../domain/stock.js';
import type { Claimed, Settled } from './order-coalescer.js';
import type { ServiceDeps } from './service-deps.js';

/** What POST /orders asks for. */
export interface OrderRequest {
  readonly sku: string;
  readonly quantity: number;
  readonly customerId: string;
  readonly walletId: string;
  readonly deliverTo: GeoPoint;
}

/**
 * An order on its way to a batch, with the trace context of the request that placed it: the
 * batch runs in one request's context, yet each order's payment.requested must continue its
 * own request's trace.
 */
export interface QueuedOrder extends OrderRequest {
  readonly traceContext?: TraceContext;
}

/**
 * Reserves units for a batch of orders of one SKU under ONE acquisition of its lock, in one
 * transaction: `claim` is called once the lock is held, so orders that queued while the lock
 * was pending are served too. In claim order, each order either reserves, or is SOLD_OUT once
 * too few units are left, or is skipped if its client already went away. The reserved orders
 * and their payment.requested events are written with one statement each, and the stock once,
 * fenced by the lease's token, after the last order.
 *
 * Should the batch insert fail (a constraint a request slipped past validation), it is undone
 * alone and the orders are written one at a time, each in a savepoint, so only the bad order
 * fails. Either the whole batch commits, or (SKU_BUSY, LOCK_LOST, FENCE_REJECTED, a broken
 * connection) nothing of it does and every claimed order gets that error.
 */
export async function reserveOrders(
  deps: ServiceDeps,
  sku: string,
  claim: () => readonly Claimed<QueuedOrder>[],
): Promise<readonly Settled<Order>[]> {
  const outcomes = await deps.skuLocks.run(sku, { waitMs: deps.requestLockWaitMs }, (held) => {
    const batch = claim();
    countBatch(deps, batch.length);
    if (batch.length === 0) return Promise.resolve([]);
    return withTransaction(deps.pool, async (tx) => {
      const before = await lockSku(tx, sku);
      if (!before) throw skuNotFound(sku);
      const plan = planBatch(deps, before, batch);
      const settled = await writeAccepted(deps, tx, before, plan.settled, plan.accepted);
      const stock = settled.reduce<StockLevels>(
        (levels, outcome, i) =>
          outcome.ok ? reserveUnits(sku, levels, batch[i]?.request.quantity ?? 0) : levels,
        before,
      );
      if (!sameStock(stock, before)) await held.writeStock(tx, stock);
      held.assertHeld();
      return settled;
    });
  });
  if (outcomes.some((outcome) => outcome.ok)) deps.wakeRelay();
  return outcomes;
}

/** The batch decided in memory: who is refused, and which orders go to the database. */
interface BatchPlan {
  /** One slot per claimed order; refused ones are filled, accepted ones filled after writing. */
  settled: Array<Settled<Order> | undefined>;
  /** Accepted orders with their slot in `settled`. */
  accepted: Array<{ slot: number; order: NewOrder; traceContext: TraceContext | undefined }>;
}

// Walks the claimed orders in arrival order against the stock as it would be after each.
function planBatch(deps: ServiceDeps, sku: Sku, batch: readonly Claimed<QueuedOrder>[]): BatchPlan {
  const plan: BatchPlan = { settled: [], accepted: [] };
  let stock: StockLevels = sku;
  batch.forEach(({ request, signal }, slot) => {
    if (signal?.aborted) {
      plan.settled[slot] = { ok: false, error: requestCancelled(sku.sku) };
    } else if (!hasAvailable(stock, request.quantity)) {
      deps.soldOut.markShort(sku.sku, stock.available);
      plan.settled[slot] = {
        ok: false,
        error: soldOut(sku.sku, request.quantity, stock.available),
      };
    } else {
      stock = reserveUnits(sku.sku, stock, request.quantity);
      plan.settled[slot] = undefined;
      plan.accepted.push({
        slot,
        order: newOrder(sku, request),
        traceContext: request.traceContext,
      });
    }
  });
  return plan;
}

// Writes the accepted orders (and their events) in one go, falling back to one at a time.
async function writeAccepted(
  deps: ServiceDeps,
  tx: Sql,
  sku: Sku,
  settled: Array<Settled<Order> | undefined>,
  accepted: BatchPlan['accepted'],
): Promise<Settled<Order>[]> {
  const [only] = accepted;
  if (only !== undefined && accepted.length === 1) {
    // One order has nothing to be kept apart from, so no savepoint: two round trips fewer on
    // the common path. If its insert fails the transaction is aborted, and nothing is left to
    // write: the stock is unchanged and the rest of the batch was refused in memory.
    try {
      const [order] = await insertOrders(deps, tx, accepted);
      settled[only.slot] = { ok: true, value: order as Order };
    } catch (error) {
      settled[only.slot] = { ok: false, error };
    }
    return orderOutcomes(sku, settled);
  }
  try {
    const orders = await withSavepoint(tx, () => insertOrders(deps, tx, accepted));
    accepted.forEach(({ slot }, i) => {
      settled[slot] = { ok: true, value: orders[i] as Order };
    });
  } catch {
    for (const one of accepted) {
      try {
        const [order] = await withSavepoint(tx, () => insertOrders(deps, tx, [one]));
        settled[one.slot] = { ok: true, value: order as Order };
      } catch (error) {
        settled[one.slot] = { ok: false, error };
      }
    }
  }
  return orderOutcomes(sku, settled);
}

function orderOutcomes(sku: Sku, settled: Array<Settled<Order> | undefined>): Settled<Order>[] {
  return settled.map(
    (outcome) => outcome ?? { ok: false, error: new Error(`no outcome in ${sku.sku} batch`) },
  );
}

// The order rows and the events that start their payments: all or none.
async function insertOrders(
  deps: ServiceDeps,
  tx: Sql,
  accepted: BatchPlan['accepted'],
): Promise<Order[]> {
  const orders = await insertReservedOrders(
    tx,
    accepted.map(({ order }) => order),
    deps.reservationTtlMs,
  );
  await enqueueAll(
    tx,
    paymentRequested,
    orders.map((order, i) => ({
      payload: {
        paymentId: order.orderId,
        walletId: order.walletId,
        customerId: order.customerId,
        amountCents: order.amountCents,
        currency: settlementCurrency,
        reference: { kind: 'order' as const, id: order.orderId },
      },
      options: { traceContext: accepted[i]?.traceContext },
    })),
  );
  return orders;
}

function newOrder(sku: Sku, request: OrderRequest): NewOrder {
  return {
    orderId: randomUUID(),
    sku: request.sku,
    quantity: request.quantity,
    customerId: request.customerId,
    walletId: request.walletId,
    amountCents: orderAmountCents(sku.priceCents, request.quantity),
    deliverTo: request.deliverTo,
  };
}

function countBatch(deps: ServiceDeps, size: number): void {
  const stats = deps.reservationStats;
  stats.lockAcquisitions += 1;
  stats.batchedOrders += size;
  stats.maxBatchSize = Math.max(stats.maxBatchSize, size);
}
