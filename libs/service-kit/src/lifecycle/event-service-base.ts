import type { RequestListener } from 'node:http';
import { fileURLToPath } from 'node:url';
import {
  createKafkaClient,
  EventCatalog,
  EventConsumer,
  type EventDefinition,
  type EventHandlers,
  KafkaConnection,
  OutboxRelay,
  type TopicSpec,
} from '@lockstep/events';
import type { Express, Router } from 'express';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { AuditReport } from '../audit/audit-report.js';
import { mountAuditRoute } from '../audit/mount-audit-route.js';
import { type AuthConfig, authKeySet } from '../auth/auth-config.js';
import { mountDevelopmentTokenRoute } from '../auth/development-token-route.js';
import { TokenVerifier } from '../auth/token-verifier.js';
import { type KafkaLoginSettings, kafkaSaslOf } from '../config/kafka-login-config.js';
import { addLockRunner } from '../coordination/add-lock-runner.js';
import type { LockBackendOptions } from '../coordination/lock-backend-component.js';
import type { LockRunner, LockRunnerOptions } from '../coordination/lock-runner.js';
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
export interface EventServiceConfig extends ServiceRuntimeConfig, AuthConfig, KafkaLoginSettings {
  /** production: no development token route (and loadConfig refused development credentials). */
  NODE_ENV: 'development' | 'test' | 'production';
  DATABASE_URL: string;
  DB_POOL_SIZE: number;
  KAFKA_BROKERS: string[];
  OUTBOX_POLL_INTERVAL_MS: number;
  PORT: number;
  HTTP_KEEP_ALIVE_TIMEOUT_MS: number;
  /** What admin routes require in `x-admin-token` (baseServiceConfig's ADMIN_TOKEN). */
  ADMIN_TOKEN: string;
  /** The consumers' group and dedupe namespace; default SERVICE_NAME (eventServiceConfig has it). */
  KAFKA_GROUP_ID?: string;
  /** Where a new consumer group starts; default the oldest retained message. */
  KAFKA_FROM_BEGINNING?: boolean;
}

/** What {@link createEventServiceBase} needs besides the config. */
export interface EventServiceBaseOptions extends ServiceStartOptions {
  /**
   * The service's migrations folder, as a path or a file URL (`new URL('../migrations',
   * import.meta.url)` finds a package's migrations/ from both src/ and dist/).
   */
  migrationsDir: string | URL;
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
   * Adds the service's lock backend (start-up check, readiness, shutdown after the entry
   * points) and returns the LockRunner its use cases lock with; its readiness probe locks a
   * resource named after INSTANCE_ID.
   */
  lockRunner(
    backend: Omit<LockBackendOptions, 'instanceId'>,
    defaults: LockRunnerOptions,
  ): LockRunner;
  /** The consumers' group (KAFKA_GROUP_ID, default SERVICE_NAME) and where a new one starts. */
  consumerGroup: { groupId: string; fromBeginning: boolean };
  /**
   * Adds an idempotent consumer of `events` (every type on their topics, so none is
   * dead-lettered as unknown) in the group KAFKA_GROUP_ID: each handler runs in the
   * transaction that records the event as processed, so a redelivery has no second effect; a
   * message that does not decode goes to `<topic>.dlq` at once, one whose handler keeps
   * failing after its retries.
   */
  consume<D extends EventDefinition>(
    name: string,
    events: readonly D[],
    handlers: EventHandlers<D>,
  ): EventConsumer<D>;
  /**
   * The service's Express app (the kit's createHttpApp) with its OpenAPI document titled after
   * the service, `/metrics` when telemetry runs, its routes and its error table.
   */
  httpApp(app: {
    description: string;
    routes: (router: Router, openapi: OpenApiRegistry) => void;
    errors: ErrorTranslation;
    /** Runs the service's invariants for GET /audit (mountAuditRoute, after the routes). */
    audit?: () => Promise<AuditReport<string>>;
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
      migrationsDir:
        options.migrationsDir instanceof URL
          ? fileURLToPath(options.migrationsDir)
          : options.migrationsDir,
      createIfMissing: true,
      maxConnections: config.DB_POOL_SIZE,
      applicationName: replicaName,
    }),
  );
  const kafka = createKafkaClient({
    clientId: replicaName,
    brokers: config.KAFKA_BROKERS,
    sasl: kafkaSaslOf(config),
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
  const consumerGroup = {
    groupId: config.KAFKA_GROUP_ID ?? config.SERVICE_NAME,
    fromBeginning: config.KAFKA_FROM_BEGINNING ?? true,
  };
  return {
    logger,
    runtime,
    db,
    kafka,
    relay,
    consumerGroup,
    lockRunner: (backend, defaults) =>
      addLockRunner({ runtime, logger }, { ...backend, instanceId: config.INSTANCE_ID }, defaults),
    consume(name, events, handlers) {
      return runtime.add(
        new EventConsumer({
          name,
          kafka,
          pool: db.pool,
          ...consumerGroup,
          logger: logger.child({ component: name }),
          catalog: new EventCatalog(events),
          handlers,
        }),
      );
    },
    httpApp({ description, routes, errors, audit }) {
      const auth = new TokenVerifier({
        keys: authKeySet(config),
        issuer: config.AUTH_ISSUER,
        audience: config.AUTH_AUDIENCE,
        algorithms: config.AUTH_ALGORITHMS,
      });
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
        auth,
        ...(options.telemetry ? { metrics: options.telemetry.metricsHandler } : {}),
        routes: (router) => {
          routes(router, openapi);
          if (config.NODE_ENV !== 'production') mountDevelopmentTokenRoute(router, openapi);
          if (audit) {
            mountAuditRoute(router, openapi, {
              service: config.SERVICE_NAME,
              summary: `Check ${config.SERVICE_NAME}'s invariants`,
              description:
                'Always 200 when the checks ran: `ok` says whether every invariant holds.',
              run: audit,
            });
          }
        },
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
