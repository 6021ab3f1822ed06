/** The deployable services a fleet can start, as named by their folders under services/. */
export type FleetService = 'inventory' | 'payment' | 'delivery-assignment' | 'booking';

/** Every service, in start order (none needs another to start). */
export const fleetServices: readonly FleetService[] = [
  'inventory',
  'payment',
  'delivery-assignment',
  'booking',
];

/**
 * The Kafka topic each service consumes, where its run-unique group is positioned before its
 * replicas start. These mirror `Topics` and `topicPartitions` of @lockstep/contracts, which this
 * package cannot import (contracts sits above it in the dependency graph); a test in
 * @lockstep/loadtests keeps the two equal.
 */
export const consumedTopic: Readonly<Record<FleetService, string>> = {
  inventory: 'payment-results',
  payment: 'payment-requests',
  'delivery-assignment': 'orders',
  booking: 'payment-results',
};

/** Partitions a topic gets when the fleet is the first to need it (a fresh broker). */
export const fleetTopicPartitions = 6;
