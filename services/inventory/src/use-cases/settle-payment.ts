import type { PaymentResult, SettleResult } from '@lockstep/contracts';
import { lockOrder, setOrderStatus } from '../db/orders.js';
import { lockSku } from '../db/skus.js';
import type { Sql } from '../db/sql.js';
import type { Order } from '../domain/order.js';
import { paymentResultApplies, settlePaymentResult } from '../domain/settlement.js';
import { sameStock } from '../domain/stock.js';
import { emitSettlement } from './emit-settlement.js';
import type { ServiceDeps } from './service-deps.js';

/**
 * Applies a payment outcome inside the consumer's transaction `tx` (which also records the
 * event as processed), under the SKU lock, fenced. `snapshot` is the order as the consumer read
 * it without a row lock (the SKU lock must come first, see lockOrder); it picks the SKU, and the
 * order is read again under the locks. An outcome that finds its order already past it (a late
 * duplicate under a new event id) changes nothing.
 *
 * The SKU lock is released when this returns, just before the consumer commits; the SKU row
 * lock taken here covers that gap (the next holder's lockSku waits for the commit).
 */
export async function settlePayment(
  deps: ServiceDeps,
  tx: Sql,
  outcome: PaymentResult,
  snapshot: Order,
): Promise<SettleResult<Order['status']>> {
  if (!paymentResultApplies(outcome.kind, snapshot.status)) return 'no-effect';
  return deps.skuLocks.run(snapshot.sku, { waitMs: deps.backgroundLockWaitMs }, async (held) => {
    const order = await lockOrder(tx, outcome.id);
    const stock = await lockSku(tx, snapshot.sku);
    // Orders and SKUs are never deleted, so this is a broken database, not a race.
    if (!order || !stock) throw new Error(`order ${outcome.id} or its SKU vanished`);
    const settlement = settlePaymentResult(outcome, order, stock);
    if (settlement === null) return 'no-effect';
    if (!sameStock(settlement.stock, stock)) await held.writeStock(tx, settlement.stock);
    await setOrderStatus(tx, order.orderId, settlement.status, settlement.reason);
    await emitSettlement(tx, order, settlement);
    held.assertHeld();
    return settlement.status;
  });
}
