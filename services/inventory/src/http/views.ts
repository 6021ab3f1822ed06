import type { z } from 'zod';
import type { Sku } from '../db/skus.js';
import type { Order } from '../domain/order.js';
import type { orderCreatedView, orderView, skuView } from './schemas.js';

/** A SKU as the API shows it (the fence stays internal). */
export function toSkuView(sku: Sku): z.infer<typeof skuView> {
  return {
    sku: sku.sku,
    name: sku.name,
    priceCents: sku.priceCents,
    stocked: sku.stocked,
    available: sku.available,
    reserved: sku.reserved,
    sold: sku.sold,
  };
}

/** What POST /orders answers. */
export function toOrderCreatedView(order: Order): z.infer<typeof orderCreatedView> {
  return {
    orderId: order.orderId,
    status: 'reserved',
    sku: order.sku,
    quantity: order.quantity,
    amountCents: order.amountCents,
    expiresAt: order.expiresAt.toISOString(),
  };
}

/** An order as the API shows it. */
export function toOrderView(order: Order): z.infer<typeof orderView> {
  return {
    orderId: order.orderId,
    sku: order.sku,
    quantity: order.quantity,
    customerId: order.customerId,
    walletId: order.walletId,
    amountCents: order.amountCents,
    deliverTo: order.deliverTo,
    status: order.status,
    reason: order.reason,
    expiresAt: order.expiresAt.toISOString(),
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
  };
}
