import { defineEvent, enqueue, type Queryable } from '@lockstep/events';
import { z } from 'zod';
import { cents, currencyCode, id, paymentReference, settlementCurrency } from './common.js';
import { Topics } from './topics.js';

/**
 * What a payment request and its results carry: the charge, its wallet, its currency and what
 * it pays for. `currency` came after version 1 was in use: an event without one was written
 * when every amount was in the settlement currency, so that is what it parses to.
 */
const payment = z.object({
  paymentId: id,
  walletId: id,
  amountCents: cents,
  currency: currencyCode.default(settlementCurrency),
  reference: paymentReference,
});

/**
 * An event on payment-results, version 1, keyed by the order or booking it pays for, so the
 * results of one saga stay in order.
 */
function paymentResult<const TType extends string, TSchema extends typeof payment>(
  type: TType,
  schema: TSchema,
) {
  return defineEvent({
    type,
    version: 1,
    topic: Topics.paymentResults,
    key: (p: z.output<typeof payment>) => p.reference.id,
    schema,
  });
}

/**
 * A saga asks payment to debit a wallet. `paymentId` is the idempotency key of the charge.
 * `customerId` is the authenticated customer the saga acts for (its bearer token's subject):
 * payment debits only a wallet that customer owns, so knowing a wallet id is not enough to
 * spend from it.
 */
export const paymentRequested = defineEvent({
  type: 'payment.requested',
  version: 1,
  topic: Topics.paymentRequests,
  key: (p) => p.paymentId,
  schema: payment.extend({ customerId: id }),
});

/** The wallet was debited and the ledger booked. */
export const paymentCompleted = paymentResult('payment.completed', payment);

/** The payment was refused; nothing was debited. */
export const paymentFailed = paymentResult(
  'payment.failed',
  payment.extend({
    // wallet-not-owned: the wallet is not the requesting customer's (see paymentRequested).
    reason: z.enum([
      'insufficient-funds',
      'unknown-wallet',
      'wallet-not-owned',
      'gateway-declined',
      'gateway-error',
    ]),
  }),
);

/** A saga gave up after its payment completed (e.g. its hold expired): credit the money back. */
export const refundRequested = defineEvent({
  type: 'payment.refund-requested',
  version: 1,
  topic: Topics.paymentRequests,
  key: (p) => p.paymentId,
  schema: z.object({ paymentId: id, reference: paymentReference, reason: z.string().max(200) }),
});

/** The refund was booked: the wallet got the money back. */
export const paymentRefunded = paymentResult('payment.refunded', payment);

/**
 * Enqueues a saga's refund request in `tx`: the charge of the order or booking it gave up on
 * (a saga's payment id is its entity's id, so the request names the very charge it undoes)
 * and why, `cancelled` when there is no reason.
 */
export async function enqueueRefundRequest(
  tx: Queryable,
  reference: z.output<typeof paymentReference>,
  reason: string | null,
): Promise<void> {
  await enqueue(tx, refundRequested, {
    paymentId: reference.id,
    reference,
    reason: reason ?? 'cancelled',
  });
}
