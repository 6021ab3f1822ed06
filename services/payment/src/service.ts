import { allTopics } from '@lockstep/contracts';
import { EventConsumer } from '@lockstep/events';
import { RedlockLock } from '@lockstep/locks';
import {
  createEventServiceBase,
  LockBackendComponent,
  LockRunner,
  type ServiceRuntime,
  type ServiceStartOptions,
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
export interface StartServiceOptions extends ServiceStartOptions {
  /** Random source of the simulated gateway's declines; default Math.random. */
  random?: () => number;
  /** main.ts: SIGTERM/SIGINT stop the replica and exit (installed before start-up). */
  installSignalHandlers?: boolean;
}

/** A running replica. */
export interface PaymentService {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** The bound HTTP port. */
  port: number;
  /** The runtime, for signal handlers and readiness. */
  runtime: ServiceRuntime;
  /** The replica's simulated gateway (the same object GET/PUT /gateway use). */
  gateway: SimulatedGateway;
  /** Stops the replica gracefully (idempotent). */
  stop(): Promise<void>;
}

/**
 * Starts one payment replica: Postgres (created if missing, migrated), Kafka topics, the
 * wallet Redlock client, the outbox relay, the payment-requests consumer and the HTTP API, as
 * runtime components in that order (they stop in reverse: entry points first). Every part is
 * safe with several replicas on one database; tests start two in one process on port 0.
 */
export async function startService(
  config: PaymentConfig,
  options: StartServiceOptions = {},
): Promise<PaymentService> {
  const { logger, runtime, db, kafka, httpApp, listen } = createEventServiceBase(config, {
    ...options,
    migrationsDir,
    topics: allTopics,
  });
  // The Redis connections open in start(), so a replica whose start-up fails earlier leaves
  // no sockets behind; start and every readiness probe prove a quorum grants a lock.
  const lock = runtime.add(
    new LockBackendComponent({
      strategy: 'redlock',
      create: () => new RedlockLock({ nodes: config.REDIS_NODES }),
      instanceId: config.INSTANCE_ID,
    }),
  );

  const gateway = new SimulatedGateway(
    { latencyMs: config.GATEWAY_LATENCY_MS, failureRate: config.GATEWAY_FAILURE_RATE },
    options.random,
  );
  const walletLock = new WalletLock(
    new LockRunner(lock, logger, {
      ttlMs: config.WALLET_LOCK_TTL_MS,
      waitMs: config.WALLET_LOCK_WAIT_MS,
    }),
  );
  const deps: ServiceDeps = {
    pool: db.pool,
    walletLock,
    gateway,
    unknownWallets: config.UNKNOWN_WALLET_POLICY,
    rowLockTimeoutMs: config.WALLET_LOCK_TTL_MS,
  };

  const consumerLog = logger.child({ component: 'payment-requests-consumer' });
  const consumer = new EventConsumer({
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
  });
  runtime.add(consumer);

  const app = httpApp({
    description:
      'Wallets, top-ups and a double-entry ledger; payments are requested over Kafka and debited under a Redlock on the wallet.',
    routes: (router, openapi) => paymentServiceRoutes(router, openapi, deps),
    errors: errorTable,
  });
  if (options.installSignalHandlers) runtime.installSignalHandlers();
  const http = await listen(app);
  return {
    url: http.url,
    port: http.port,
    runtime,
    gateway,
    stop: async () => {
      await runtime.stop();
    },
  };
}
