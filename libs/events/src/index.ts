export type { DeadLetter, DeadLetterReason } from './consumer/dead-letter-publisher.js';
export { DeadLetterPublisher, deadLetterHeaders } from './consumer/dead-letter-publisher.js';
export type { EventConsumerOptions } from './consumer/event-consumer.js';
export { EventConsumer } from './consumer/event-consumer.js';
export type { EventDelivery, EventHandler, EventHandlers } from './consumer/event-handler.js';
export type { ConsumerStats } from './consumer/message-processor.js';
export { EventCatalog } from './definitions/event-catalog.js';
export type { EventDefinition, EventSpec, PayloadOf } from './definitions/event-definition.js';
export { defineEvent } from './definitions/event-definition.js';
export type {
  CreateEnvelopeOptions,
  EnvelopeOf,
  EventEnvelope,
} from './definitions/event-envelope.js';
export { createEnvelope, envelopeSchema } from './definitions/event-envelope.js';
export type { EventIssue, MismatchValue } from './errors/index.js';
export {
  EventError,
  EventErrorCode,
  EventIdConflictError,
  EventInvalidError,
  EventMismatchError,
  isEventError,
  NonRetryableError,
} from './errors/index.js';
/** A kafkajs client that logs through the service's pino logger. */
export type { KafkaClientOptions } from './kafka/create-kafka-client.js';
export { createKafkaClient } from './kafka/create-kafka-client.js';
export type { EnsureTopicsOptions, TopicSpec } from './kafka/ensure-topics.js';
export { deadLetterTopicOf, ensureTopics } from './kafka/ensure-topics.js';
export type { DecodedEvent } from './kafka/event-codec.js';
export { decodeEvent, encodeEvent, eventHeaders } from './kafka/event-codec.js';
export { DeadLetterHeader, EventHeader, headerText } from './kafka/headers.js';
/** Kafka as a runtime component: ensures the topics at start, probes the cluster for readiness. */
export { KafkaConnection } from './kafka/kafka-connection.js';
export type { TraceContext } from './kafka/trace-headers.js';
export {
  currentTraceContext,
  extractTraceContext,
  injectTraceHeaders,
  kafkaHeaderGetter,
  stringHeaderSetter,
} from './kafka/trace-headers.js';
export type { EventLogger } from './logger.js';
export { silentLogger } from './logger.js';
export type { EnqueueItem, EnqueueOptions } from './outbox/enqueue.js';
export { enqueue, enqueueAll } from './outbox/enqueue.js';
export {
  outboxChannel,
  outboxMigrationSql,
  outboxMigrationsDir,
  outboxNotifyMigrationSql,
  processedEventDigestMigrationSql,
} from './outbox/outbox-migration.js';
export type { OutboxRelayOptions, RelayStats } from './outbox/outbox-relay.js';
export { OutboxRelay } from './outbox/outbox-relay.js';
export type { Queryable } from './outbox/queryable.js';
