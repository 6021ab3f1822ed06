import { enqueueRefundRequest, orderCancelled, orderConfirmed } from '@lockstep/contracts';
import { enqueue } from '@lockstep/events';
import type { Sql } from '../db/sql.js';
import type { Order } from '../domain/order.js';
import type { Settlement } from '../domain/settlement.js';

/**
 * Enqueues the event a settlement owes the saga, in the caller's transaction. The payment id
 * of an order is its order id (POST /orders sets it so), which enqueueRefundRequest relies on.
 */
export async function emitSettlement(tx: Sql, order: Order, settlement: Settlement): Promise<void> {
  switch (settlement.effect) {
    case 'confirm':
      await enqueue(tx, orderConfirmed, {
        orderId: order.orderId,
        sku: order.sku,
        quantity: order.quantity,
        customerId: order.customerId,
        amountCents: order.amountCents,
        deliverTo: order.deliverTo,
      });
      return;
    case 'cancel':
      await enqueue(tx, orderCancelled, {
        orderId: order.orderId,
        sku: order.sku,
        quantity: order.quantity,
        reason: settlement.reason ?? 'cancelled',
      });
      return;
    case 'request-refund':
      await enqueueRefundRequest(tx, { kind: 'order', id: order.orderId }, settlement.reason);
      return;
    case 'none':
      return;
  }
}
