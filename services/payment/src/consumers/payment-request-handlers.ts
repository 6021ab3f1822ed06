import { paymentRequested, refundRequested } from '@lockstep/contracts';
import { EventCatalog, type EventHandlers } from '@lockstep/events';
import type { Logger } from '@lockstep/service-kit';
import { paymentMetrics } from '../telemetry/payment-metrics.js';
import { chargePayment } from '../use-cases/charge-payment.js';
import { assertMatchesRecordedPayment } from '../use-cases/recorded-payment.js';
import { refundPayment } from '../use-cases/refund-payment.js';
import type { ServiceDeps } from '../use-cases/service-deps.js';

/** The events payment consumes, all on the payment-requests topic. */
export const paymentRequestCatalog = new EventCatalog([paymentRequested, refundRequested]);

/** Definitions in {@link paymentRequestCatalog}. */
export type PaymentRequestEvent = typeof paymentRequested | typeof refundRequested;

/**
 * Handlers of payment.requested and payment.refund-requested: check the event against the
 * payments already recorded (see assertMatchesRecordedPayment), translate it and call the
 * operation, inside the consumer's transaction. Errors propagate on purpose: a busy
 * wallet (LOCK_CONTENDED), a lock backend without quorum or a lease lost before booking
 * roll the transaction back and the consumer retries, then dead-letters.
 */
export function paymentRequestHandlers(
  deps: ServiceDeps,
  logger: Logger,
): EventHandlers<PaymentRequestEvent> {
  return {
    'payment.requested': async (event, tx, delivery) => {
      await assertMatchesRecordedPayment(tx, event.type, event.payload);
      const outcome = await chargePayment(deps, tx, event.payload);
      if (outcome === 'completed' || outcome === 'failed') {
        delivery.afterCommit(() => paymentMetrics.sagaOutcome('payment', outcome));
      }
      logger.debug(
        { paymentId: event.payload.paymentId, outcome, attempt: delivery.attempt },
        'payment request handled',
      );
    },
    'payment.refund-requested': async (event, tx) => {
      await assertMatchesRecordedPayment(tx, event.type, event.payload);
      const outcome = await refundPayment(deps, tx, event.payload.paymentId);
      logger.debug({ paymentId: event.payload.paymentId, outcome }, 'refund request handled');
    },
  };
}
