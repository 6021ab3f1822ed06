import { orderCancelled, orderConfirmed } from '@lockstep/contracts';
import { EventCatalog, EventConsumer } from '@lockstep/events';
import type { Component } from '@lockstep/service-kit';
import type { Kafka } from 'kafkajs';
import type { DeliveryConfig } from '../config.js';
import { deliveryMetrics } from '../telemetry/delivery-metrics.js';
import { acceptConfirmedOrder } from '../use-cases/accept-confirmed-order.js';
import type { ServiceDeps } from '../use-cases/service-deps.js';

/**
 * The `orders` consumer as a runtime component. Only order.confirmed is handled. order.cancelled
 * shares the topic, so it is in the catalog without a handler: the library then skips it,
 * where an uncatalogued type would be dead-lettered. It needs no handling here, since an order
 * is cancelled only before it is confirmed. A message that is not a valid event goes to
 * `orders.dlq` while consumption carries on.
 *
 * The handler runs in the library's transaction `tx`, which also records the event id as
 * processed: the CAS claim, the assignment and the outbox event commit with the dedupe record.
 * The relay cannot be woken after that commit from here (the library commits after the
 * handler returns), so these events go out on the relay's next poll.
 */
export class OrderEventsConsumer implements Component {
  /** Component name in logs and readiness. */
  readonly name = 'orders-consumer';
  /** The underlying consumer; its `stats` count processed, duplicate and dead-lettered messages. */
  readonly consumer: EventConsumer<typeof orderConfirmed | typeof orderCancelled>;

  constructor(options: { kafka: Kafka; config: DeliveryConfig; deps: ServiceDeps }) {
    const { config, deps } = options;
    const log = deps.logger.child({ component: this.name });
    this.consumer = new EventConsumer({
      kafka: options.kafka,
      pool: deps.pool,
      groupId: config.KAFKA_GROUP_ID,
      catalog: new EventCatalog([orderConfirmed, orderCancelled]),
      fromBeginning: config.KAFKA_FROM_BEGINNING,
      partitionsConsumedConcurrently: config.CONSUMER_CONCURRENCY,
      maxAttempts: config.CONSUMER_MAX_ATTEMPTS,
      logger: log,
      handlers: {
        'order.confirmed': async (event, tx, delivery) => {
          const outcome = await acceptConfirmedOrder(deps, tx, event.payload);
          if (outcome === 'assigned') {
            delivery.afterCommit(() => deliveryMetrics.sagaOutcome('delivery', 'assigned'));
          }
          log.debug(
            { orderId: event.payload.orderId, eventId: event.id, outcome },
            'order handled',
          );
        },
      },
    });
  }

  /** Joins the group; resolves once partitions are assigned. */
  async start(): Promise<void> {
    await this.consumer.start();
  }

  /** Finishes the message in flight, then leaves the group. */
  async stop(): Promise<void> {
    await this.consumer.stop();
  }
}
