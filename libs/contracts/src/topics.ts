/**
 * Kafka topics, created by the repo (the broker never auto-creates). Each carries events keyed
 * by the entity whose events must stay in order; each has a `<topic>.dlq` dead-letter topic.
 */
export const Topics = {
  /** payment.requested, keyed by payment id (one wallet's payments spread over replicas, so the wallet lock has real competitors). */
  paymentRequests: 'payment-requests',
  /** payment.completed / payment.failed / payment.refunded, keyed by the reference (order or booking) id. */
  paymentResults: 'payment-results',
  /** order.confirmed, order.cancelled, keyed by order id. */
  orders: 'orders',
  /** delivery.assigned / delivery.unassigned, keyed by order id. */
  deliveries: 'deliveries',
  /** booking.confirmed / booking.cancelled, keyed by booking id. */
  bookings: 'bookings',
} as const;

/** Partitions per topic: enough for two replicas of each service to split the work. */
export const topicPartitions = 6;

/** Every topic with its partition count, for ensureTopics(). */
export const allTopics = Object.values(Topics).map((topic) => ({
  topic,
  partitions: topicPartitions,
}));
