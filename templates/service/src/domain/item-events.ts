import { defineEvent } from '@lockstep/events';
import { z } from 'zod';

/**
 * The topic acme-widgets publishes its item events on. The template also consumes it, to show
 * the whole path (outbox, relay, Kafka, idempotent consumer); a real service usually consumes
 * another's topic. Once another service reads these events, move them to @lockstep/contracts.
 */
export const itemsTopic = 'acme-widgets-items';

/** A claim was committed; the consumer settles it. Keyed by item, so one item's stay in order. */
export const itemClaimed = defineEvent({
  type: 'item.claimed',
  version: 1,
  topic: itemsTopic,
  key: (p) => p.itemId,
  schema: z.object({
    claimId: z.uuid(),
    itemId: z.string().min(1).max(64),
    quantity: z.number().int().positive(),
  }),
});
