import { paymentCompleted, paymentFailed, paymentRefunded } from '@lockstep/contracts';
import { EventCatalog, EventConsumer, type EventDelivery } from '@lockstep/events';
import type { Logger } from '@lockstep/service-kit';
import type { Kafka } from 'kafkajs';
import type pg from 'pg';
import { isTerminal } from '../domain/order.js';
import { inventoryMetrics } from '../telemetry/inventory-metrics.js';
import type { InventoryDeps } from '../use-cases/inventory-deps.js';
import { type PaymentOutcome, settlePayment } from '../use-cases/settle-payment.js';

/** Options for {@link createPaymentResultsConsumer}. */
export interface PaymentResultsConsumerOptions {
  kafka: Kafka;
  deps: InventoryDeps;
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
 * The payment-results consumer: each outcome for one of our orders commits or releases its
 * hold (see settlePayment) in the same transaction as the event's dedupe record. Outcomes for
 * bookings, and for orders this database never had, are ignored without effect.
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
    if (reference.kind !== 'order') return;
    const result = await settlePayment(options.deps, tx, outcome);
    if (result !== 'unknown-order' && result !== 'no-effect' && isTerminal(result)) {
      delivery.afterCommit(() => inventoryMetrics.sagaOutcome('order', result));
    }
    log.debug(
      { orderId: outcome.orderId, outcome: outcome.kind, result, attempt: delivery.attempt },
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
          { kind: 'completed', orderId: event.payload.reference.id },
          tx,
          delivery,
        ),
      'payment.failed': (event, tx, delivery) =>
        apply(
          event.payload.reference,
          { kind: 'failed', orderId: event.payload.reference.id, reason: event.payload.reason },
          tx,
          delivery,
        ),
      'payment.refunded': (event, tx, delivery) =>
        apply(
          event.payload.reference,
          { kind: 'refunded', orderId: event.payload.reference.id },
          tx,
          delivery,
        ),
    },
  });
}
