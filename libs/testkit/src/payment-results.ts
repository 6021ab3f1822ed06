import {
  paymentCompleted,
  paymentFailed,
  paymentRefunded,
  settlementCurrency,
  Topics,
} from '@lockstep/contracts';
import { createEnvelope, type EventEnvelope, encodeEvent } from '@lockstep/events';
import type { Producer } from 'kafkajs';

/** What a saga's payments refer to: an inventory order or a booking. */
export type PaymentReferenceKind = 'order' | 'booking';

/**
 * Payment results for one saga's references, as the payment service would send them: each
 * repeats the charge the saga asked for (payment id = reference id, the wallet, the amount, the
 * settlement currency), since consumers dead-letter a result that does not.
 */
export interface PaymentResults {
  /** A payment.completed for reference `id` (also the payment id) charged to `walletId`. */
  completedFor(id: string, amountCents: number, walletId: string): EventEnvelope;
  /** A payment.failed (insufficient funds) for reference `id`. */
  failedFor(id: string, amountCents: number, walletId: string): EventEnvelope;
  /** A payment.refunded for reference `id`: the refund of its payment was booked. */
  refundedFor(id: string, amountCents: number, walletId: string): EventEnvelope;
}

/** Payment results whose references are of `kind`. */
export function paymentResultsFor(kind: PaymentReferenceKind): PaymentResults {
  const charge = (id: string, amountCents: number, walletId: string) => ({
    paymentId: id,
    walletId,
    amountCents,
    currency: settlementCurrency,
    reference: { kind, id },
  });
  return {
    completedFor: (id, amountCents, walletId) =>
      createEnvelope(paymentCompleted, charge(id, amountCents, walletId)),
    failedFor: (id, amountCents, walletId) =>
      createEnvelope(paymentFailed, {
        ...charge(id, amountCents, walletId),
        reason: 'insufficient-funds',
      }),
    refundedFor: (id, amountCents, walletId) =>
      createEnvelope(paymentRefunded, charge(id, amountCents, walletId)),
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
