import { identifier, text } from '@lockstep/service-kit';
import { z } from 'zod';
import { maxOrderQuantity, maxPriceCents, orderStatuses } from '../domain/order.js';
import { maxStocked } from '../domain/stock.js';

/** A SKU code: what the lock resource and every URL carry, so kept short and plain. */
export const skuCode = identifier({
  max: 64,
  pattern: /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
  patternMessage: 'expected 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit',
}).describe('SKU code, e.g. "TSHIRT-RED-M".');

/** POST /skus. */
export const createSkuBody = z.strictObject({
  sku: skuCode,
  name: text({ max: 200 }).describe('Display name.'),
  priceCents: z.number().int().min(1).max(maxPriceCents).describe('Unit price in cents.'),
  stock: z.number().int().min(0).max(maxStocked).describe('Units on the shelf at creation.'),
});

/** POST /skus/:sku/restock. */
export const restockBody = z.strictObject({
  quantity: z.number().int().min(1).max(maxStocked).describe('Units to add.'),
});

/** `/skus/:sku`. */
export const skuParams = z.strictObject({ sku: skuCode });

/** A SKU and its stock. */
export const skuView = z.object({
  sku: z.string(),
  name: z.string(),
  priceCents: z.number().int(),
  stocked: z.number().int().describe('Units ever put on the shelf.'),
  available: z.number().int().describe('Units free to reserve.'),
  reserved: z.number().int().describe('Units held by orders whose payment is running.'),
  sold: z.number().int().describe('Units paid for.'),
});

/** POST /orders. */
export const createOrderBody = z.strictObject({
  sku: skuCode,
  quantity: z.number().int().min(1).max(maxOrderQuantity),
  customerId: identifier()
    .optional()
    .describe(
      "Who buys: the bearer token's subject. Optional, and refused (403) unless it is that " +
        'subject: kept so clients that name the customer keep working.',
    ),
  walletId: identifier().describe(
    "The wallet payment debits; payment refuses it (wallet-not-owned) unless it is the customer's.",
  ),
  deliverTo: z
    .strictObject({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) })
    .describe('Where the order goes.'),
});

/** `/orders/:orderId`. */
export const orderParams = z.strictObject({ orderId: identifier() });

/** What POST /orders answers. */
export const orderCreatedView = z.object({
  orderId: z.string().describe('Also the payment id of its charge.'),
  status: z.literal('reserved'),
  sku: z.string(),
  quantity: z.number().int(),
  amountCents: z.number().int(),
  expiresAt: z.string().describe('When the hold ends unless the payment completes (ISO 8601).'),
});

/** An order. */
export const orderView = z.object({
  orderId: z.string(),
  sku: z.string(),
  quantity: z.number().int(),
  customerId: z.string(),
  walletId: z.string(),
  amountCents: z.number().int(),
  deliverTo: z.object({ lat: z.number(), lng: z.number() }),
  status: z.enum(orderStatuses),
  reason: z.string().nullable(),
  expiresAt: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/**
 * How lock outcomes are answered, for the routes that take a SKU lock. Contention is 429, not
 * 503: losing a race for a hot SKU is an expected outcome, and 5xx would page operators and
 * make load balancers eject healthy replicas; 503 is kept for faults (ZooKeeper down, lease lost).
 */
export const lockResponses = {
  busy: 'SKU_BUSY: the SKU lock stayed taken for the whole wait; retry after Retry-After',
  unavailable:
    'LOCK_UNAVAILABLE, LOCK_LOST or FENCE_REJECTED: the lock could not be confirmed; nothing was written',
};
