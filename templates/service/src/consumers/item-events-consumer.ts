import { EventCatalog, EventConsumer } from '@lockstep/events';
import type { Logger } from '@lockstep/service-kit';
import type { Kafka } from 'kafkajs';
import { itemClaimed } from '../domain/item-events.js';
import { acmeWidgetsMetrics } from '../telemetry/service-metrics.js';
import type { ServiceDeps } from '../use-cases/service-deps.js';
import { settleClaim } from '../use-cases/settle-claim.js';

/** Options for {@link createItemEventsConsumer}. */
export interface ItemEventsConsumerOptions {
  kafka: Kafka;
  deps: ServiceDeps;
  /** Consumer group and dedupe namespace (KAFKA_GROUP_ID). */
  groupId: string;
  /** Where a new group starts (KAFKA_FROM_BEGINNING). */
  fromBeginning: boolean;
  logger: Logger;
}

// Every event type on the topic, so none of them is dead-lettered as unknown.
const catalog = new EventCatalog([itemClaimed]);

/**
 * The item-events consumer: each item.claimed settles its claim in the same transaction as the
 * event's dedupe record, so a redelivery has no second effect. A message that does not decode
 * or validate goes to `<topic>.dlq` at once, one whose handler keeps failing after its retries.
 */
export function createItemEventsConsumer(
  options: ItemEventsConsumerOptions,
): EventConsumer<typeof itemClaimed> {
  return new EventConsumer({
    name: 'item-events-consumer',
    kafka: options.kafka,
    pool: options.deps.pool,
    groupId: options.groupId,
    fromBeginning: options.fromBeginning,
    logger: options.logger.child({ component: 'item-events-consumer' }),
    catalog,
    handlers: {
      'item.claimed': async (event, tx, delivery) => {
        if ((await settleClaim(tx, event.payload.claimId)) === 'settled') {
          delivery.afterCommit(() => acmeWidgetsMetrics.sagaOutcome('claim', 'settled'));
        }
      },
    },
  });
}
