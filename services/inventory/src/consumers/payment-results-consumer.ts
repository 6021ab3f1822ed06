import {
  createPaymentResultsConsumer,
  type PaymentResultEvent,
  type SagaConsumerOptions,
} from '@lockstep/contracts';
import type { EventConsumer } from '@lockstep/events';
import { isTerminal } from '../domain/order.js';
import { inventoryMetrics } from '../telemetry/inventory-metrics.js';
import { findOrderCharge } from '../use-cases/recorded-charge.js';
import type { ServiceDeps } from '../use-cases/service-deps.js';
import { settlePayment } from '../use-cases/settle-payment.js';

/**
 * The payment-results consumer: each outcome for one of our orders is checked against the
 * charge the order asked for (payment id, wallet, amount, currency; a mismatch is
 * dead-lettered, changing nothing), then commits or releases its hold (see settlePayment) in
 * the same transaction as the event's dedupe record. Outcomes for
 * bookings, and for orders this database never had, are ignored without effect.
 */
export function createOrderPaymentConsumer(
  options: SagaConsumerOptions<ServiceDeps>,
): EventConsumer<PaymentResultEvent> {
  return createPaymentResultsConsumer({
    ...options,
    referenceKind: 'order',
    findCharge: (orderId, tx) => findOrderCharge(tx, orderId),
    settle: (result, tx, snapshot) => settlePayment(options.deps, tx, result, snapshot),
    isTerminal,
    onTerminal: (status) => inventoryMetrics.sagaOutcome('order', status),
  });
}
