export { bookingCancelled, bookingConfirmed, seatId } from './booking-events.js';
export {
  assertChargeMatches,
  type ChargeClaim,
  chargeMismatch,
  type RecordedCharge,
} from './charge-check.js';
export {
  cents,
  currencyCode,
  id,
  location,
  paymentReference,
  settlementCurrency,
} from './common.js';
export { deliveryAssigned, deliveryUnassigned } from './delivery-events.js';
export { orderCancelled, orderConfirmed } from './order-events.js';
export {
  enqueueRefundRequest,
  paymentCompleted,
  paymentFailed,
  paymentRefunded,
  paymentRequested,
  refundRequested,
} from './payment-events.js';
export {
  type ComponentLogger,
  type ConsumerTransaction,
  createPaymentResultsConsumer,
  type PaymentResult,
  type PaymentResultEvent,
  type PaymentResultsConsumerOptions,
  type RecordedEntity,
  type SagaConsumerOptions,
  type SettleResult,
} from './payment-results-consumer.js';
export { allTopics, Topics, topicPartitions } from './topics.js';
