import {
  createPaymentResultsConsumer,
  type PaymentResultEvent,
  type SagaConsumerOptions,
} from '@lockstep/contracts';
import type { EventConsumer } from '@lockstep/events';
import { isTerminal } from '../domain/booking.js';
import { bookingMetrics } from '../telemetry/booking-metrics.js';
import { findBookingCharge } from '../use-cases/recorded-charge.js';
import type { ServiceDeps } from '../use-cases/service-deps.js';
import { settlePayment } from '../use-cases/settle-payment.js';

/**
 * The payment-results consumer: each outcome for one of our bookings is checked against the
 * charge the booking asked for (payment id, wallet, amount, currency; a mismatch is
 * dead-lettered, changing nothing), then confirms or releases its seats (see settlePayment) in
 * the same transaction as the event's dedupe record. Outcomes
 * for orders, and for bookings this database never had, are ignored without effect.
 */
export function createBookingPaymentConsumer(
  options: SagaConsumerOptions<ServiceDeps>,
): EventConsumer<PaymentResultEvent> {
  return createPaymentResultsConsumer({
    ...options,
    referenceKind: 'booking',
    findCharge: (bookingId, tx) => findBookingCharge(tx, bookingId),
    settle: (result, tx, snapshot) => settlePayment(options.deps, tx, result, snapshot),
    isTerminal,
    onTerminal: (status) => bookingMetrics.sagaOutcome('booking', status),
  });
}
