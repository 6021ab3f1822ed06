import { allTopics } from '@lockstep/contracts';
import { EventConsumer } from '@lockstep/events';
import { RedlockLock } from '@lockstep/locks';
import {
  defineEventService,
  type EventServiceOptions,
  type RunningService,
} from '@lockstep/service-kit';
import type { PaymentConfig } from './config.js';
import {
  paymentRequestCatalog,
  paymentRequestHandlers,
} from './consumers/payment-request-handlers.js';
import { migrationsDir } from './db/migrations-dir.js';
import { SimulatedGateway } from './gateway/simulated-gateway.js';
import { errorTable } from './http/error-table.js';
import { paymentServiceRoutes } from './http/routes.js';
import type { ServiceDeps } from './use-cases/service-deps.js';
import { WalletLock } from './use-cases/wallet-lock.js';

/** Optional wiring for tests and embedding. */
export interface StartServiceOptions extends EventServiceOptions {
  /** Random source of the simulated gateway's declines; default Math.random. */
  random?: () => number;
}

/** A running replica. */
export interface PaymentService extends RunningService {
  /** The replica's simulated gateway (the same object GET/PUT /gateway use). */
  readonly gateway: SimulatedGateway;
}

/**
 * Starts one payment replica: Postgres (created if missing, migrated), Kafka topics, the
 * wallet Redlock client, the outbox relay, the payment-requests consumer and the HTTP API, as
 * runtime components in that order (they stop in reverse: entry points first). Every part is
 * safe with several replicas on one database; tests start two in one process on port 0.
 */
export const startService = defineEventService<
  PaymentConfig,
  Omit<PaymentService, keyof RunningService>,
  StartServiceOptions
>({
  migrationsDir,
  topics: allTopics,
  build: ({ logger, runtime, db, kafka, httpApp, lockRunner }, config, options) => {
    // The Redis connections open in start(), so a replica whose start-up fails earlier leaves
    // no sockets behind; start and every readiness probe prove a quorum grants a lock.
    const walletLock = new WalletLock(
      lockRunner(
        { strategy: 'redlock', create: () => new RedlockLock({ nodes: config.REDIS_NODES }) },
        { ttlMs: config.WALLET_LOCK_TTL_MS, waitMs: config.WALLET_LOCK_WAIT_MS },
      ),
    );
    const gateway = new SimulatedGateway(
      { latencyMs: config.GATEWAY_LATENCY_MS, failureRate: config.GATEWAY_FAILURE_RATE },
      options.random,
    );
    const deps: ServiceDeps = {
      pool: db.pool,
      walletLock,
      gateway,
      unknownWallets: config.UNKNOWN_WALLET_POLICY,
      rowLockTimeoutMs: config.WALLET_LOCK_TTL_MS,
    };
    const consumerLog = logger.child({ component: 'payment-requests-consumer' });
    runtime.add(
      new EventConsumer({
        name: 'payment-requests-consumer',
        kafka,
        pool: db.pool,
        groupId: config.KAFKA_GROUP_ID,
        catalog: paymentRequestCatalog,
        handlers: paymentRequestHandlers(deps, consumerLog),
        maxAttempts: config.CONSUMER_MAX_ATTEMPTS,
        partitionsConsumedConcurrently: config.CONSUMER_CONCURRENCY,
        sessionTimeout: config.KAFKA_SESSION_TIMEOUT_MS,
        logger: consumerLog,
      }),
    );
    const app = httpApp({
      description:
        'Wallets, top-ups and a double-entry ledger; payments are requested over Kafka and debited under a Redlock on the wallet.',
      routes: (router, openapi) => paymentServiceRoutes(router, openapi, deps),
      errors: errorTable,
    });
    return { app, expose: { gateway } };
  },
});
