import { allTopics } from '@lockstep/contracts';
import { EtcdLock } from '@lockstep/locks';
import {
  addHoldSweep,
  defineEventService,
  type ElectedLoopStats,
  type RunningService,
} from '@lockstep/service-kit';
import { bookingHoldSweep } from './background/hold-sweeper.js';
import type { BookingConfig } from './config.js';
import { createBookingPaymentConsumer } from './consumers/payment-results-consumer.js';
import { migrationsDir } from './db/migrations-dir.js';
import { createBookingApp } from './http/create-booking-app.js';
import { AdmissionGate, type AdmissionStats } from './use-cases/admission.js';
import { SeatLocks } from './use-cases/seat-locks.js';
import type { ServiceDeps } from './use-cases/service-deps.js';

/** A running replica. */
export interface BookingService extends RunningService {
  /** What this replica's sweeper has done and whether it leads now. */
  readonly sweeper: { readonly isLeader: boolean; readonly stats: Readonly<ElectedLoopStats> };
  /** How many booking attempts this replica's admission gate let in and turned away. */
  readonly admission: { readonly stats: Readonly<AdmissionStats> };
}

/**
 * Starts one booking replica. Components start in this order and stop in reverse: Postgres
 * (created if missing, migrated), Kafka (topics ensured), the etcd seat lock, the admission
 * semaphore (etcd), the outbox relay, the payment-results consumer, the hold sweeper, the
 * overdue-holds gauge, HTTP. Every part is safe with other replicas on the same database:
 * seats move only under their locks, fenced.
 */
export const startService = defineEventService<
  BookingConfig,
  Omit<BookingService, keyof RunningService>
>({
  migrationsDir,
  topics: allTopics,
  build: ({ logger, runtime, db, kafka, relay, consumerGroup, httpApp, lockRunner }, config) => {
    const seatLocks = new SeatLocks(
      lockRunner(
        {
          strategy: 'etcd',
          create: () =>
            new EtcdLock({
              endpoints: config.ETCD_ENDPOINTS,
              defaultTtlMs: config.SEAT_LOCK_TTL_MS,
            }),
        },
        { waitMs: config.BOOKING_LOCK_WAIT_MS, ttlMs: config.SEAT_LOCK_TTL_MS },
      ),
    );
    const admission = runtime.add(
      new AdmissionGate(
        {
          endpoints: config.ETCD_ENDPOINTS,
          name: config.ADMISSION_SEMAPHORE,
          permits: config.ADMISSION_PERMITS,
          permitTtlMs: config.SEAT_LOCK_TTL_MS,
          retryAfterSeconds: config.ADMISSION_RETRY_AFTER_S,
        },
        logger,
      ),
    );

    const deps: ServiceDeps = {
      pool: db.pool,
      seatLocks,
      admission,
      wakeRelay: () => relay.wake(),
      requestLockWaitMs: config.BOOKING_LOCK_WAIT_MS,
      backgroundLockWaitMs: config.BACKGROUND_LOCK_WAIT_MS,
      holdTtlMs: config.HOLD_TTL_MS,
    };
    runtime.add(createBookingPaymentConsumer({ ...consumerGroup, kafka, deps, logger }));
    const sweeper = addHoldSweep({ runtime, logger }, config, bookingHoldSweep(deps, config));
    const app = createBookingApp({
      httpApp,
      deps,
      staleHoldGraceMs: config.STALE_HOLD_GRACE_MS,
    });
    return { app, expose: { sweeper, admission } };
  },
});
