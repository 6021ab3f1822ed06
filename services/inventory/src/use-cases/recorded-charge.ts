import { type RecordedCharge, settlementCurrency } from '@lockstep/contracts';
import { findOrder } from '../db/orders.js';
import type { Sql } from '../db/sql.js';

/**
 * The charge POST /orders asked payment for, as the order records it: the payment id is the
 * order id, in the settlement currency. Undefined for an order this database never had.
 * Read without a lock: an order's wallet and amount never change after it is placed.
 */
export async function findOrderCharge(
  tx: Sql,
  orderId: string,
): Promise<RecordedCharge | undefined> {
  const order = await findOrder(tx, orderId);
  if (order === undefined) return undefined;
  return {
    paymentId: order.orderId,
    walletId: order.walletId,
    amountCents: order.amountCents,
    currency: settlementCurrency,
    reference: { kind: 'order', id: order.orderId },
  };
}
