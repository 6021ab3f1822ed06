import { findOrder } from '../db/orders.js';
import { orderNotFound } from '../domain/inventory-errors.js';
import type { Order } from '../domain/order.js';
import type { ServiceDeps } from './service-deps.js';

/** Reads an order; ORDER_NOT_FOUND if there is none. */
export async function getOrder(deps: ServiceDeps, orderId: string): Promise<Order> {
  const order = await findOrder(deps.pool, orderId);
  if (!order) throw orderNotFound(orderId);
  return order;
}
