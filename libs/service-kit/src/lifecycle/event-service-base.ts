import type { RequestListener } from 'node:http';
import { createKafkaClient, KafkaConnection, OutboxRelay, type TopicSpec } from '@lockstep/events';
import type { Express, Router } from 'express';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { createDatabase, type Database } from '../db/database.js';
import { createHttpApp } from '../http/create-http-app.js';
import { type HttpServerComponent, httpServerComponent } from '../http/http-server-component.js';
import type { ErrorTranslation } from '../http/translate-errors.js';
import { OpenApiRegistry } from '../openapi/openapi-registry.js';
import {
  createServiceRuntime,
  type ServiceRuntimeConfig,
  type ServiceStartOptions,
} from './create-service-runtime.js';
import type { ServiceRuntime } from './service-runtime.js';

/** The base config keys an event-driven service's skeleton reads (all in baseServiceConfig but the poll). */
export interface EventServiceConfig extends ServiceRuntimeConfig {
  DATABASE_URL: string;
  DB_POOL_SIZE: number;
  KAFKA_BROKERS: string[];
  OUTBOX_POLL_INTERVAL_MS: number;
  PORT: number;
  HTTP_KEEP_ALIVE_TIMEOUT_MS: number;
  /** What admin routes require in `x-admin-token` (baseServiceConfig's ADMIN_TOKEN). */
  ADMIN_TOKEN: string;
}

/** What {@link createEventServiceBase} needs besides the config. */
export interface EventServiceBaseOptions extends ServiceStartOptions {
  /** The service's migrations folder (db/migrations-dir.ts). */
  migrationsDir: string;
  /** Topics ensured at start (with their dead-letter topics) before any producer or consumer. */
  topics: readonly TopicSpec[];
}

/** The parts every event-driven service is built on; its own components go in between. */
export interface EventServiceBase {
  logger: Logger;
  runtime: ServiceRuntime;
  /** The service's own database, created if missing and migrated at start. */
  db: Database;
  kafka: Kafka;
  /** The transactional outbox's relay; use cases call `relay.wake()` after committing events. */
  relay: OutboxRelay;
  /**
   * The service's Express app (the kit's createHttpApp) with its OpenAPI document titled after
   * the service, `/metrics` when telemetry runs, its routes and its error table.
   */
  httpApp(app: {
    description: string;
    routes: (router: Router, openapi: OpenApiRegistry) => void;
    errors: ErrorTranslation;
  }): Express;
  /**
   * Adds the HTTP server last (so it stops first on shutdown) and starts every component in
   * the order added; resolves once the replica serves.
   */
  listen(app: RequestListener, options?: { host?: string }): Promise<HttpServerComponent>;
}

/**
 * The skeleton every lockstep service shares, in start order: telemetry (flushed last), its
 * database, Kafka with its topics, the outbox relay. The service then adds its lock backend,
 * consumers and background loops, builds its app, and calls `listen`. Components stop in
 * reverse: HTTP first, the database last.
 */
export function createEventServiceBase(
  config: EventServiceConfig,
  options: EventServiceBaseOptions,
): EventServiceBase {
  const { logger, runtime } = createServiceRuntime(config, options);
  const replicaName = `${config.SERVICE_NAME}-${config.INSTANCE_ID}`;
  const db = runtime.add(
    createDatabase({
      url: config.DATABASE_URL,
      logger,
      migrationsDir: options.migrationsDir,
      createIfMissing: true,
      maxConnections: config.DB_POOL_SIZE,
      applicationName: replicaName,
    }),
  );
  const kafka = createKafkaClient({
    clientId: replicaName,
    brokers: config.KAFKA_BROKERS,
    logger: logger.child({ component: 'kafkajs' }),
  });
  runtime.add(new KafkaConnection(kafka, options.topics));
  const relay = runtime.add(
    new OutboxRelay({
      kafka,
      pool: db.pool,
      pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS,
      logger: logger.child({ component: 'outbox-relay' }),
    }),
  );
  return {
    logger,
    runtime,
    db,
    kafka,
    relay,
    httpApp({ description, routes, errors }) {
      const openapi = new OpenApiRegistry({
        title: config.SERVICE_NAME,
        version: '1.0.0',
        description,
      });
      return createHttpApp({
        logger,
        openapi,
        readiness: runtime.readiness,
        adminToken: config.ADMIN_TOKEN,
        ...(options.telemetry ? { metrics: options.telemetry.metricsHandler } : {}),
        routes: (router) => routes(router, openapi),
        errors,
      });
    },
    async listen(app, listenOptions = {}) {
      const http = runtime.add(
        httpServerComponent(app, config.PORT, {
          keepAliveTimeoutMs: config.HTTP_KEEP_ALIVE_TIMEOUT_MS,
          ...(listenOptions.host ? { host: listenOptions.host } : {}),
        }),
      );
      await runtime.start();
      return http;
    },
  };
}
