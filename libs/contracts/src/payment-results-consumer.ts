import {
  EventCatalog,
  EventConsumer,
  type EventConsumerOptions,
  type EventDelivery,
  type EventHandler,
} from '@lockstep/events';
import { paymentCompleted, paymentFailed, paymentRefunded } from './payment-events.js';

// Every event type on payment-results, so none of them is dead-lettered as unknown.
const definitions = [paymentCompleted, paymentFailed, paymentRefunded] as const;

/** The definitions of the events on payment-results. */
export type PaymentResultEvent = (typeof definitions)[number];

const catalog = new EventCatalog<PaymentResultEvent>(definitions);

/** One payment outcome for a saga's entity (`id` is the order or booking id). */
export type PaymentResult =
  | { kind: 'completed'; id: string }
  | { kind: 'failed'; id: string; reason: string }
  | { kind: 'refunded'; id: string };

/** The database transaction a handler runs in (with the event's dedupe record). */
export type ConsumerTransaction = Parameters<EventHandler<unknown>>[1];

/** Options for {@link createPaymentResultsConsumer}. */
export interface PaymentResultsConsumerOptions
  extends Omit<EventConsumerOptions<PaymentResultEvent>, 'catalog' | 'handlers'> {
  /** Whose payments this service settles; outcomes for the other saga are ignored. */
  referenceKind: 'order' | 'booking';
  /** Applies one outcome in the consumer's transaction (confirm or release what it held). */
  settle(result: PaymentResult, tx: ConsumerTransaction, delivery: EventDelivery): Promise<void>;
}

/**
 * The consumer a saga's owner runs on payment-results: each outcome whose reference is of
 * `referenceKind` is settled in the same transaction as the event's dedupe record; the other
 * saga's outcomes (the topic is shared) are skipped without effect.
 */
export function createPaymentResultsConsumer(
  options: PaymentResultsConsumerOptions,
): EventConsumer<PaymentResultEvent> {
  const { referenceKind, settle, ...consumer } = options;
  const apply = (
    reference: { kind: 'order' | 'booking'; id: string },
    result: PaymentResult,
    tx: ConsumerTransaction,
    delivery: EventDelivery,
  ) => (reference.kind === referenceKind ? settle(result, tx, delivery) : Promise.resolve());
  return new EventConsumer({
    name: 'payment-results-consumer',
    ...consumer,
    catalog,
    handlers: {
      'payment.completed': (event, tx, delivery) =>
        apply(
          event.payload.reference,
          { kind: 'completed', id: event.payload.reference.id },
          tx,
          delivery,
        ),
      'payment.failed': (event, tx, delivery) =>
        apply(
          event.payload.reference,
          { kind: 'failed', id: event.payload.reference.id, reason: event.payload.reason },
          tx,
          delivery,
        ),
      'payment.refunded': (event, tx, delivery) =>
        apply(
          event.payload.reference,
          { kind: 'refunded', id: event.payload.reference.id },
          tx,
          delivery,
        ),
    },
  });
}
