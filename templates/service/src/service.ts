import {
  createEventServiceBase,
  type ServiceRuntime,
  type ServiceStartOptions,
} from '@lockstep/service-kit';
import type { AcmeWidgetsConfig } from './config.js';
import { createItemEventsConsumer } from './consumers/item-events-consumer.js';
import { migrationsDir } from './db/migrations-dir.js';
import { itemsTopic } from './domain/item-events.js';
import { errorTable } from './http/error-table.js';
import { mountRoutes } from './http/routes.js';
import { createItemGuard } from './lock-strategy.js';
import type { ServiceDeps } from './use-cases/service-deps.js';

/** Options for {@link startService} beyond the config. */
export interface StartOptions extends ServiceStartOptions {
  /** Interface the HTTP server binds; default all interfaces. */
  host?: string;
}

/** A running replica. */
export interface AcmeWidgetsService {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** The runtime (readiness, stop). */
  readonly runtime: ServiceRuntime;
  /** Graceful stop: fail readiness, stop entry points, release locks, close connections. */
  stop(): Promise<void>;
}

/**
 * Starts one replica. Components start in this order and stop in reverse: the kit's base
 * (Postgres, created if missing and migrated; Kafka with the topic ensured; the outbox relay),
 * the lock backend (if the strategy has one), the consumer, HTTP.
 */
export async function startService(
  config: AcmeWidgetsConfig,
  options: StartOptions = {},
): Promise<AcmeWidgetsService> {
  const { logger, runtime, db, kafka, relay, httpApp, listen } = createEventServiceBase(config, {
    ...options,
    migrationsDir,
    topics: [{ topic: itemsTopic, partitions: 6 }],
  });
  const deps: ServiceDeps = {
    pool: db.pool,
    itemGuard: createItemGuard(config, { runtime, logger, pool: db.pool }),
    wakeRelay: () => relay.wake(),
  };
  runtime.add(
    createItemEventsConsumer({
      kafka,
      deps,
      groupId: config.KAFKA_GROUP_ID,
      fromBeginning: config.KAFKA_FROM_BEGINNING,
      logger,
    }),
  );
  const app = httpApp({
    description:
      "Items with a capacity, claimed under the item's {{lock}} guard and settled by a consumer.",
    routes: (router, openapi) => mountRoutes(router, openapi, deps, config.STALE_CLAIM_GRACE_MS),
    errors: errorTable,
  });
  const http = await listen(app, options.host ? { host: options.host } : {});
  return {
    url: http.url,
    runtime,
    stop: async () => {
      await runtime.stop();
    },
  };
}
