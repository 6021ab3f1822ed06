import { allTopics } from '@lockstep/contracts';
import {
  createEventServiceBase,
  type ServiceRuntime,
  type ServiceStartOptions,
  type ShutdownReport,
} from '@lockstep/service-kit';
import { PendingOrderRetrier } from './background/pending-order-retrier.js';
import type { DeliveryConfig } from './config.js';
import { OrderEventsConsumer } from './consumers/order-events-consumer.js';
import { migrationsDir } from './db/migrations-dir.js';
import { errorTable } from './http/error-table.js';
import { deliveryRoutes } from './http/routes.js';
import { createDeliveryStats, type DeliveryStats } from './telemetry/delivery-stats.js';
import { assignmentSettingsOf, type ServiceDeps } from './use-cases/service-deps.js';

/** Options for {@link startService}: main.ts passes the logger and telemetry; tests may too. */
export interface StartOptions extends ServiceStartOptions {}

/** A running replica. */
export interface DeliveryService {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** The bound HTTP port. */
  port: number;
  /** The replica's runtime (readiness, signal handlers). */
  runtime: ServiceRuntime;
  /** Live counters: assignments, pending orders, CAS attempts and conflicts. */
  stats: Readonly<DeliveryStats>;
  /** The `orders` consumer; `consumer.consumer.stats` counts processed, duplicate and dead-lettered messages. */
  consumer: OrderEventsConsumer;
  /** Stops the replica gracefully (readiness first, HTTP, retrier, consumer, relay, pool). */
  stop(): Promise<ShutdownReport>;
}

/**
 * Starts one replica: database (created if missing, migrated), Kafka (topics ensured), outbox
 * relay, the `orders` consumer, the pending-order retry loop and the HTTP server, in that order;
 * they stop in reverse. Any number of replicas may share one database and consumer group.
 */
export async function startService(
  config: DeliveryConfig,
  options: StartOptions = {},
): Promise<DeliveryService> {
  const { logger, runtime, db, kafka, relay, httpApp, listen } = createEventServiceBase(config, {
    ...options,
    migrationsDir,
    topics: allTopics,
  });

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
  const http = await listen(app);
  return {
    url: http.url,
    port: http.port,
    runtime,
    stats,
    consumer,
    stop: () => runtime.stop(),
  };
}
