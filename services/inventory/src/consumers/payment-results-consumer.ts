import { createPaymentResultsConsumer, type PaymentResultEvent } from '@lockstep/contracts';
import type { EventConsumer } from '@lockstep/events';
import type { Logger } from '@lockstep/service-kit';
import type { Kafka } from 'kafkajs';
import { isTerminal } from '../domain/order.js';
import { inventoryMetrics } from '../telemetry/inventory-metrics.js';
import type { ServiceDeps } from '../use-cases/service-deps.js';
import { settlePayment } from '../use-cases/settle-payment.js';

/** Options for {@link createPaymentResultsConsumer}. */
export interface PaymentResultsConsumerOptions {
  kafka: Kafka;
  deps: ServiceDeps;
  /** Consumer group and dedupe namespace (KAFKA_GROUP_ID). */
  groupId: string;
  /** Where a new group starts (KAFKA_FROM_BEGINNING). */
  fromBeginning: boolean;
  logger: Logger;
}

/**
 * The payment-results consumer: each outcome for one of our orders commits or releases its
 * hold (see settlePayment) in the same transaction as the event's dedupe record. Outcomes for
 * bookings, and for orders this database never had, are ignored without effect.
 */
export function createOrderPaymentConsumer(
  options: PaymentResultsConsumerOptions,
): EventConsumer<PaymentResultEvent> {
  const log = options.logger.child({ component: 'payment-results-consumer' });
  return createPaymentResultsConsumer({
    kafka: options.kafka,
    pool: options.deps.pool,
    groupId: options.groupId,
    fromBeginning: options.fromBeginning,
    logger: log,
    referenceKind: 'order',
    settle: async ({ id, ...outcome }, tx, delivery) => {
      const result = await settlePayment(options.deps, tx, { ...outcome, orderId: id });
      if (result !== 'unknown-order' && result !== 'no-effect' && isTerminal(result)) {
        delivery.afterCommit(() => inventoryMetrics.sagaOutcome('order', result));
      }
      log.debug(
        { orderId: id, outcome: outcome.kind, result, attempt: delivery.attempt },
        'payment result applied',
      );
    },
  });
}
