import { paymentCompleted, paymentFailed, paymentRefunded } from '@lockstep/contracts';
import { EventCatalog, EventConsumer, type EventDelivery } from '@lockstep/events';
import type { Logger } from '@lockstep/service-kit';
import type { Kafka } from 'kafkajs';
import type pg from 'pg';
import { isTerminal } from '../domain/booking.js';
import { bookingMetrics } from '../telemetry/booking-metrics.js';
import type { BookingDeps } from '../use-cases/booking-deps.js';
import { type PaymentOutcome, settlePayment } from '../use-cases/settle-payment.js';

/** Options for {@link createPaymentResultsConsumer}. */
export interface PaymentResultsConsumerOptions {
  kafka: Kafka;
  deps: BookingDeps;
  /** Consumer group and dedupe namespace (KAFKA_GROUP_ID). */
  groupId: string;
  /** Where a new group starts (KAFKA_FROM_BEGINNING). */
  fromBeginning: boolean;
  logger: Logger;
}

// Every event type on payment-results, so none of them is dead-lettered as unknown.
const definitions = [paymentCompleted, paymentFailed, paymentRefunded] as const;

/** The definitions of the events on payment-results. */
export type PaymentResultEvent = (typeof definitions)[number];

const catalog = new EventCatalog<PaymentResultEvent>(definitions);

/**
 * The payment-results consumer: each outcome for one of our bookings confirms or releases its
 * seats (see settlePayment) in the same transaction as the event's dedupe record. Outcomes
 * for orders, and for bookings this database never had, are ignored without effect.
 */
export function createPaymentResultsConsumer(
  options: PaymentResultsConsumerOptions,
): EventConsumer<PaymentResultEvent> {
  const log = options.logger.child({ component: 'payment-results-consumer' });
  const apply = async (
    reference: { kind: 'order' | 'booking'; id: string },
    outcome: PaymentOutcome,
    tx: pg.PoolClient,
    delivery: EventDelivery,
  ) => {
    if (reference.kind !== 'booking') return;
    const result = await settlePayment(options.deps, tx, outcome);
    if (result !== 'unknown-booking' && result !== 'no-effect' && isTerminal(result)) {
      delivery.afterCommit(() => bookingMetrics.sagaOutcome('booking', result));
    }
    log.debug(
      { bookingId: outcome.bookingId, outcome: outcome.kind, result, attempt: delivery.attempt },
      'payment result applied',
    );
  };
  return new EventConsumer({
    kafka: options.kafka,
    pool: options.deps.pool,
    groupId: options.groupId,
    catalog,
    fromBeginning: options.fromBeginning,
    logger: log,
    handlers: {
      'payment.completed': (event, tx, delivery) =>
        apply(
          event.payload.reference,
          { kind: 'completed', bookingId: event.payload.reference.id },
          tx,
          delivery,
        ),
      'payment.failed': (event, tx, delivery) =>
        apply(
          event.payload.reference,
          { kind: 'failed', bookingId: event.payload.reference.id, reason: event.payload.reason },
          tx,
          delivery,
        ),
      'payment.refunded': (event, tx, delivery) =>
        apply(
          event.payload.reference,
          { kind: 'refunded', bookingId: event.payload.reference.id },
          tx,
          delivery,
        ),
    },
  });
}
