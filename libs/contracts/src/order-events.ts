import { defineEvent } from '@lockstep/events';
import { z } from 'zod';
import { cents, id, location } from './common.js';
import { Topics } from './topics.js';

/** An order was paid and its stock sold: it needs a delivery partner. */
export const orderConfirmed = defineEvent({
  type: 'order.confirmed',
  version: 1,
  topic: Topics.orders,
  key: (p) => p.orderId,
  schema: z.object({
    orderId: id,
    sku: id,
    quantity: z.number().int().positive(),
    customerId: id,
    amountCents: cents,
    deliverTo: location,
  }),
});

/** An order ended without a sale (payment failed, hold expired); its units went back to stock. */
export const orderCancelled = defineEvent({
  type: 'order.cancelled',
  version: 1,
  topic: Topics.orders,
  key: (p) => p.orderId,
  schema: z.object({
    orderId: id,
    sku: id,
    quantity: z.number().int().positive(),
    reason: z.string().max(200),
  }),
});
