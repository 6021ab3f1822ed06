import { createPaymentResultsConsumer, type PaymentResultEvent } from '@lockstep/contracts';
import type { EventConsumer } from '@lockstep/events';
import type { Logger } from '@lockstep/service-kit';
import type { Kafka } from 'kafkajs';
import { isTerminal } from '../domain/booking.js';
import { bookingMetrics } from '../telemetry/booking-metrics.js';
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
 * The payment-results consumer: each outcome for one of our bookings confirms or releases its
 * seats (see settlePayment) in the same transaction as the event's dedupe record. Outcomes
 * for orders, and for bookings this database never had, are ignored without effect.
 */
export function createBookingPaymentConsumer(
  options: PaymentResultsConsumerOptions,
): EventConsumer<PaymentResultEvent> {
  const log = options.logger.child({ component: 'payment-results-consumer' });
  return createPaymentResultsConsumer({
    kafka: options.kafka,
    pool: options.deps.pool,
    groupId: options.groupId,
    fromBeginning: options.fromBeginning,
    logger: log,
    referenceKind: 'booking',
    settle: async ({ id, ...outcome }, tx, delivery) => {
      const result = await settlePayment(options.deps, tx, { ...outcome, bookingId: id });
      if (result !== 'unknown-booking' && result !== 'no-effect' && isTerminal(result)) {
        delivery.afterCommit(() => bookingMetrics.sagaOutcome('booking', result));
      }
      log.debug(
        { bookingId: id, outcome: outcome.kind, result, attempt: delivery.attempt },
        'payment result applied',
      );
    },
  });
}
