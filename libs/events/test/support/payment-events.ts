import { z } from 'zod';
import { defineEvent, EventCatalog } from '../../src/index.ts';

/** The `payment.requested` event on a topic of the test's own. */
export function paymentRequestedOn(topic: string) {
  return defineEvent({
    type: 'payment.requested',
    version: 1,
    topic,
    key: (payload) => payload.walletId,
    schema: z.object({
      paymentId: z.string().min(1),
      walletId: z.string().min(1),
      amount: z.number().int().positive(),
      /** Position in a sequence of events for one wallet, for ordering tests. */
      seq: z.number().int().nonnegative().optional(),
    }),
  });
}

/** A catalog of the test events on `topic`. */
export function paymentCatalog(topic: string) {
  const paymentRequested = paymentRequestedOn(topic);
  return { paymentRequested, catalog: new EventCatalog([paymentRequested]) };
}

/** The effect table handlers write to; no unique constraint, so a second effect would show. */
export const effectsSql = `
CREATE TABLE payments_applied (
  n          bigserial PRIMARY KEY,
  event_id   uuid NOT NULL,
  payment_id text NOT NULL,
  wallet_id  text NOT NULL,
  seq        int
);`;
