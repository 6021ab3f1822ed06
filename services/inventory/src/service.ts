import { allTopics } from '@lockstep/contracts';
import { ZooKeeperElection, ZooKeeperLock } from '@lockstep/locks';
import {
  addHoldSweep,
  createEventServiceBase,
  type ElectedLoopStats,
  LockBackendComponent,
  LockRunner,
  type ServiceRuntime,
  type ServiceStartOptions,
} from '@lockstep/service-kit';
import { OverdueHoldsGauge } from '@lockstep/telemetry';
import { sweepExpiredHolds } from './background/hold-sweeper.js';
import type { InventoryConfig } from './config.js';
import { createOrderPaymentConsumer } from './consumers/payment-results-consumer.js';
import { migrationsDir } from './db/migrations-dir.js';
import { oldestOverdueHoldSeconds } from './db/orders.js';
import { createInventoryApp } from './http/create-inventory-app.js';
import { OrderIntake } from './use-cases/order-intake.js';
import { emptyReservationStats, type ReservationStats } from './use-cases/reservation-stats.js';
import type { ServiceDeps } from './use-cases/service-deps.js';
import { SkuLocks } from './use-cases/sku-locks.js';
import { SoldOutFlags } from './use-cases/sold-out-flags.js';

/** Options for {@link startService} beyond the config. */
export interface StartOptions extends ServiceStartOptions {
  /** Interface the HTTP server binds; default all interfaces. */
  host?: string;
}

/** A running replica. */
export interface InventoryService {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** The bound HTTP port. */
  readonly port: number;
  /** The runtime (readiness, stop). */
  readonly runtime: ServiceRuntime;
  /** What this replica's sweeper has done and whether it leads now. */
  readonly sweeper: { readonly isLeader: boolean; readonly stats: Readonly<ElectedLoopStats> };
  /** What POST /orders did here: lock acquisitions, batch sizes, sold-out fast-path answers. */
  readonly reservations: Readonly<ReservationStats>;
  /** Graceful stop: fail readiness, stop entry points, release locks, close connections. */
  stop(): Promise<void>;
}

/**
 * Starts one inventory replica. Components start in this order and stop in reverse:
 * Postgres (created if missing, migrated), Kafka (topics ensured), the ZooKeeper SKU lock,
 * the outbox relay, the payment-results consumer, the hold sweeper, the overdue-holds gauge,
 * HTTP. Every part is safe with other replicas on the same database: stock moves only under
 * the SKU lock, fenced.
 */
export async function startService(
  config: InventoryConfig,
  options: StartOptions = {},
): Promise<InventoryService> {
  const { logger, runtime, db, kafka, relay, httpApp, listen } = createEventServiceBase(config, {
    ...options,
    migrationsDir,
    topics: allTopics,
  });
  const skuLock = runtime.add(
    new LockBackendComponent({
      strategy: 'zookeeper',
      instanceId: config.INSTANCE_ID,
      create: () =>
        new ZooKeeperLock({
          connectionString: config.ZOOKEEPER_CONNECT,
          sessionTimeoutMs: config.ZOOKEEPER_SESSION_TIMEOUT_MS,
        }),
    }),
  );

  const soldOut = new SoldOutFlags(config.SOLD_OUT_RECHECK_MS);
  const deps: ServiceDeps = {
    pool: db.pool,
    skuLocks: new SkuLocks(
      new LockRunner(skuLock, logger, { waitMs: config.ORDER_LOCK_WAIT_MS }),
      (sku, stock) => soldOut.stockWritten(sku, stock.available),
    ),
    wakeRelay: () => relay.wake(),
    requestLockWaitMs: config.ORDER_LOCK_WAIT_MS,
    backgroundLockWaitMs: config.BACKGROUND_LOCK_WAIT_MS,
    reservationTtlMs: config.RESERVATION_TTL_MS,
    soldOut,
    reservationStats: emptyReservationStats(),
  };
  const orders = new OrderIntake(deps, {
    coalescing: config.INVENTORY_COALESCING === 'on',
    maxQueued: config.ORDER_QUEUE_LIMIT,
    maxBatch: config.ORDER_BATCH_LIMIT,
  });
  const consumer = createOrderPaymentConsumer({
    kafka,
    deps,
    groupId: config.KAFKA_GROUP_ID,
    fromBeginning: config.KAFKA_FROM_BEGINNING,
    logger,
  });
  runtime.add(consumer);
  const sweeper = addHoldSweep(runtime, {
    election: new ZooKeeperElection({
      name: config.SWEEPER_ELECTION,
      connectionString: config.ZOOKEEPER_CONNECT,
      sessionTimeoutMs: config.ZOOKEEPER_SESSION_TIMEOUT_MS,
    }),
    candidateId: config.INSTANCE_ID,
    intervalMs: config.SWEEP_INTERVAL_MS,
    logger,
    sweep: (term, log) => sweepExpiredHolds(deps, config.SWEEP_BATCH_SIZE, term, log),
    overdueGauge: new OverdueHoldsGauge({
      serviceName: 'inventory',
      saga: 'order',
      readOverdueSeconds: () => oldestOverdueHoldSeconds(db.pool),
    }),
  });
  const app = createInventoryApp({
    httpApp,
    logger,
    deps,
    orders,
    staleHoldGraceMs: config.STALE_HOLD_GRACE_MS,
  });
  const http = await listen(app, options.host ? { host: options.host } : {});
  return {
    url: http.url,
    port: http.port,
    runtime,
    sweeper,
    reservations: deps.reservationStats,
    stop: async () => {
      await runtime.stop();
    },
  };
}
