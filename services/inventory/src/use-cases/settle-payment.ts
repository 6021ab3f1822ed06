import { findOrder, lockOrder, setOrderStatus } from '../db/orders.js';
import { lockSku } from '../db/skus.js';
import type { Sql } from '../db/sql.js';
import type { Order } from '../domain/order.js';
import {
  paymentResultApplies,
  type Settlement,
  settleCompleted,
  settleFailed,
  settleRefunded,
} from '../domain/settlement.js';
import { type StockLevels, sameStock } from '../domain/stock.js';
import { emitSettlement } from './emit-settlement.js';
import type { ServiceDeps } from './service-deps.js';

/** A payment result for an order, as the consumer translates it from the event. */
export type PaymentOutcome =
  | { readonly kind: 'completed'; readonly orderId: string }
  | { readonly kind: 'failed'; readonly orderId: string; readonly reason: string }
  | { readonly kind: 'refunded'; readonly orderId: string };

/** What applying an outcome did: the order's new status, or why nothing changed. */
export type SettleResult = Order['status'] | 'unknown-order' | 'no-effect';

/**
 * Applies a payment outcome inside the consumer's transaction `tx` (which also records the
 * event as processed), under the SKU lock, fenced. An order this database does not know is
 * ignored: payment-results is shared by every saga and every test run. An outcome that finds
 * its order already past it (a late duplicate under a new event id) changes nothing.
 *
 * The SKU lock is released when this returns, just before the consumer commits; the SKU row
 * lock taken here covers that gap (the next holder's lockSku waits for the commit).
 */
export async function settlePayment(
  deps: ServiceDeps,
  tx: Sql,
  outcome: PaymentOutcome,
): Promise<SettleResult> {
  // Read without a row lock: the SKU lock must come first (see lockOrder).
  const snapshot = await findOrder(tx, outcome.orderId);
  if (!snapshot) return 'unknown-order';
  if (!paymentResultApplies(outcome.kind, snapshot.status)) return 'no-effect';
  return deps.skuLocks.run(snapshot.sku, { waitMs: deps.backgroundLockWaitMs }, async (held) => {
    const order = await lockOrder(tx, outcome.orderId);
    const stock = await lockSku(tx, snapshot.sku);
    // Orders and SKUs are never deleted, so this is a broken database, not a race.
    if (!order || !stock) throw new Error(`order ${outcome.orderId} or its SKU vanished`);
    const settlement = settle(outcome, order, stock);
    if (settlement === null) return 'no-effect';
    if (!sameStock(settlement.stock, stock)) await held.writeStock(tx, settlement.stock);
    await setOrderStatus(tx, order.orderId, settlement.status, settlement.reason);
    await emitSettlement(tx, order, settlement);
    held.assertHeld();
    return settlement.status;
  });
}

function settle(outcome: PaymentOutcome, order: Order, stock: StockLevels): Settlement | null {
  switch (outcome.kind) {
    case 'completed':
      return settleCompleted(order, stock);
    case 'failed':
      return settleFailed(order, stock, outcome.reason);
    case 'refunded':
      return settleRefunded(order, stock);
  }
}
