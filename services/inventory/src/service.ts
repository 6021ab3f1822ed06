import { allTopics } from '@lockstep/contracts';
import { ZooKeeperLock } from '@lockstep/locks';
import {
  addHoldSweep,
  defineEventService,
  type ElectedLoopStats,
  type RunningService,
} from '@lockstep/service-kit';
import { orderHoldSweep } from './background/hold-sweeper.js';
import type { InventoryConfig } from './config.js';
import { createOrderPaymentConsumer } from './consumers/payment-results-consumer.js';
import { migrationsDir } from './db/migrations-dir.js';
import { createInventoryApp } from './http/create-inventory-app.js';
import { OrderIntake } from './use-cases/order-intake.js';
import { emptyReservationStats, type ReservationStats } from './use-cases/reservation-stats.js';
import type { ServiceDeps } from './use-cases/service-deps.js';
import { SkuLocks } from './use-cases/sku-locks.js';
import { SoldOutFlags } from './use-cases/sold-out-flags.js';

/** A running replica. */
export interface InventoryService extends RunningService {
  /** What this replica's sweeper has done and whether it leads now. */
  readonly sweeper: { readonly isLeader: boolean; readonly stats: Readonly<ElectedLoopStats> };
  /** What POST /orders did here: lock acquisitions, batch sizes, sold-out fast-path answers. */
  readonly reservations: Readonly<ReservationStats>;
}

/**
 * Starts one inventory replica. Components start in this order and stop in reverse:
 * Postgres (created if missing, migrated), Kafka (topics ensured), the ZooKeeper SKU lock,
 * the outbox relay, the payment-results consumer, the hold sweeper, the overdue-holds gauge,
 * HTTP. Every part is safe with other replicas on the same database: stock moves only under
 * the SKU lock, fenced.
 */
export const startService = defineEventService<
  InventoryConfig,
  Omit<InventoryService, keyof RunningService>
>({
  migrationsDir,
  topics: allTopics,
  build: ({ logger, runtime, db, kafka, relay, consumerGroup, httpApp, lockRunner }, config) => {
    const skuLockRunner = lockRunner(
      {
        strategy: 'zookeeper',
        create: () =>
          new ZooKeeperLock({
            connectionString: config.ZOOKEEPER_CONNECT,
            sessionTimeoutMs: config.ZOOKEEPER_SESSION_TIMEOUT_MS,
          }),
      },
      { waitMs: config.ORDER_LOCK_WAIT_MS },
    );

    const soldOut = new SoldOutFlags(config.SOLD_OUT_RECHECK_MS);
    const deps: ServiceDeps = {
      pool: db.pool,
      skuLocks: new SkuLocks(skuLockRunner, (sku, stock) =>
        soldOut.stockWritten(sku, stock.available),
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
    runtime.add(createOrderPaymentConsumer({ ...consumerGroup, kafka, deps, logger }));
    const sweeper = addHoldSweep({ runtime, logger }, config, orderHoldSweep(deps, config));
    const app = createInventoryApp({
      httpApp,
      logger,
      deps,
      orders,
      staleHoldGraceMs: config.STALE_HOLD_GRACE_MS,
    });
    return { app, expose: { sweeper, reservations: deps.reservationStats } };
  },
});
