import { type RecordedCharge, type RecordedEntity, settlementCurrency } from '@lockstep/contracts';
import { findOrder } from '../db/orders.js';
import type { Sql } from '../db/sql.js';
import type { Order } from '../domain/order.js';

/**
 * The order and the charge POST /orders asked payment for, as the order records it: the payment id is the
 * order id, in the settlement currency. Undefined for an order this database never had.
 * Read without a lock: an order's wallet and amount never change after it is placed.
 */
export async function findOrderCharge(
  tx: Sql,
  orderId: string,
): Promise<RecordedEntity<Order> | undefined> {
  const order = await findOrder(tx, orderId);
  if (order === undefined) return undefined;
  const charge: RecordedCharge = {
    paymentId: order.orderId,
    walletId: order.walletId,
    amountCents: order.amountCents,
    currency: settlementCurrency,
    reference: { kind: 'order', id: order.orderId },
  };
  return { record: order, charge };
}
