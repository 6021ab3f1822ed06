import { allTopics } from '@lockstep/contracts';
import { defineEventService, type RunningService } from '@lockstep/service-kit';
import { PendingOrderRetrier } from './background/pending-order-retrier.js';
import type { DeliveryConfig } from './config.js';
import { OrderEventsConsumer } from './consumers/order-events-consumer.js';
import { migrationsDir } from './db/migrations-dir.js';
import { errorTable } from './http/error-table.js';
import { deliveryRoutes } from './http/routes.js';
import { createDeliveryStats, type DeliveryStats } from './telemetry/delivery-stats.js';
import { assignmentSettingsOf, type ServiceDeps } from './use-cases/service-deps.js';

/** A running replica. */
export interface DeliveryService extends RunningService {
  /** Live counters: assignments, pending orders, CAS attempts and conflicts. */
  readonly stats: Readonly<DeliveryStats>;
  /** The `orders` consumer; `consumer.consumer.stats` counts processed, duplicate and dead-lettered messages. */
  readonly consumer: OrderEventsConsumer;
}

/**
 * Starts one replica: database (created if missing, migrated), Kafka (topics ensured), outbox
 * relay, the `orders` consumer, the pending-order retry loop and the HTTP server, in that order;
 * they stop in reverse. Any number of replicas may share one database and consumer group.
 */
export const startService = defineEventService<
  DeliveryConfig,
  Omit<DeliveryService, keyof RunningService>
>({
  migrationsDir,
  topics: allTopics,
  build: ({ logger, runtime, db, kafka, relay, httpApp }, config) => {
    const stats = createDeliveryStats();
    const deps: ServiceDeps = {
      pool: db.pool,
      settings: assignmentSettingsOf(config),
      stats,
      logger,
      wakeRelay: () => relay.wake(),
    };
    const consumer = runtime.add(new OrderEventsConsumer({ kafka, config, deps }));
    runtime.add(
      new PendingOrderRetrier({
        deps,
        intervalMs: config.RETRY_INTERVAL_MS,
        batchSize: config.RETRY_BATCH_SIZE,
      }),
    );
    const app = httpApp({
      description:
        'Assigns confirmed orders to the nearest delivery partner with a free slot, claiming it by compare-and-swap on the partner row.',
      routes: (router, openapi) => deliveryRoutes(router, openapi, deps),
      errors: errorTable,
    });
    return { app, expose: { stats, consumer } };
  },
});
