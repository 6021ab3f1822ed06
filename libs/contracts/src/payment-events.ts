import { defineEvent } from '@lockstep/events';
import { z } from 'zod';
import { cents, id, paymentReference } from './common.js';
import { Topics } from './topics.js';

/** A saga asks payment to debit a wallet. `paymentId` is the idempotency key of the charge. */
export const paymentRequested = defineEvent({
  type: 'payment.requested',
  version: 1,
  topic: Topics.paymentRequests,
  key: (p) => p.paymentId,
  schema: z.object({
    paymentId: id,
    walletId: id,
    amountCents: cents,
    reference: paymentReference,
  }),
});

/** The wallet was debited and the ledger booked. */
export const paymentCompleted = defineEvent({
  type: 'payment.completed',
  version: 1,
  topic: Topics.paymentResults,
  key: (p) => p.reference.id,
  schema: z.object({
    paymentId: id,
    walletId: id,
    amountCents: cents,
    reference: paymentReference,
  }),
});

/** The payment was refused; nothing was debited. */
export const paymentFailed = defineEvent({
  type: 'payment.failed',
  version: 1,
  topic: Topics.paymentResults,
  key: (p) => p.reference.id,
  schema: z.object({
    paymentId: id,
    walletId: id,
    amountCents: cents,
    reference: paymentReference,
    reason: z.enum(['insufficient-funds', 'unknown-wallet', 'gateway-declined', 'gateway-error']),
  }),
});

/** A saga gave up after its payment completed (e.g. its hold expired): credit the money back. */
export const refundRequested = defineEvent({
  type: 'payment.refund-requested',
  version: 1,
  topic: Topics.paymentRequests,
  key: (p) => p.paymentId,
  schema: z.object({ paymentId: id, reference: paymentReference, reason: z.string().max(200) }),
});

/** The refund was booked: the wallet got the money back. */
export const paymentRefunded = defineEvent({
  type: 'payment.refunded',
  version: 1,
  topic: Topics.paymentResults,
  key: (p) => p.reference.id,
  schema: z.object({
    paymentId: id,
    walletId: id,
    amountCents: cents,
    reference: paymentReference,
  }),
});
