import { paymentCompleted, paymentFailed, paymentRefunded, Topics } from '@lockstep/contracts';
import { createEnvelope, type EventEnvelope, encodeEvent } from '@lockstep/events';
import type { Producer } from 'kafkajs';

/** What a saga's payments refer to: an inventory order or a booking. */
export type PaymentReferenceKind = 'order' | 'booking';

/** Payment results for one saga's references, as the payment service would send them. */
export interface PaymentResults {
  /** A payment.completed for reference `id` (also the payment id). */
  completedFor(id: string, amountCents: number): EventEnvelope;
  /** A payment.failed (insufficient funds) for reference `id`. */
  failedFor(id: string, amountCents: number): EventEnvelope;
  /** A payment.refunded for reference `id`: the refund of its payment was booked. */
  refundedFor(id: string, amountCents: number): EventEnvelope;
}

/** Payment results whose references are of `kind`. */
export function paymentResultsFor(kind: PaymentReferenceKind): PaymentResults {
  return {
    completedFor: (id, amountCents) =>
      createEnvelope(paymentCompleted, {
        paymentId: id,
        walletId: 'wallet-test',
        amountCents,
        reference: { kind, id },
      }),
    failedFor: (id, amountCents) =>
      createEnvelope(paymentFailed, {
        paymentId: id,
        walletId: 'wallet-test',
        amountCents,
        reference: { kind, id },
        reason: 'insufficient-funds',
      }),
    refundedFor: (id, amountCents) =>
      createEnvelope(paymentRefunded, {
        paymentId: id,
        walletId: 'wallet-test',
        amountCents,
        reference: { kind, id },
      }),
  };
}

/** Plays the payment service: puts envelopes on payment-results as it would. */
export async function publishResults(
  producer: Producer,
  envelopes: EventEnvelope[],
): Promise<void> {
  await producer.send({
    topic: Topics.paymentResults,
    acks: -1,
    messages: envelopes.map((envelope) => encodeEvent(envelope)),
  });
}
