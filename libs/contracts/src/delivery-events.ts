import { defineEvent } from '@lockstep/events';
import { z } from 'zod';
import { id } from './common.js';
import { Topics } from './topics.js';

/** A partner claimed the order (by compare-and-swap on the partner's capacity). */
export const deliveryAssigned = defineEvent({
  type: 'delivery.assigned',
  version: 1,
  topic: Topics.deliveries,
  key: (p) => p.orderId,
  schema: z.object({ orderId: id, partnerId: id, distanceKm: z.number().nonnegative() }),
});

/** No partner had capacity; the order is retried later. */
export const deliveryUnassigned = defineEvent({
  type: 'delivery.unassigned',
  version: 1,
  topic: Topics.deliveries,
  key: (p) => p.orderId,
  schema: z.object({
    orderId: id,
    reason: z.string().max(200),
    attempts: z.number().int().nonnegative(),
  }),
});
