import { allTopics } from '@lockstep/contracts';
import { EtcdElection, EtcdLock } from '@lockstep/locks';
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
import type { BookingConfig } from './config.js';
import { createBookingPaymentConsumer } from './consumers/payment-results-consumer.js';
import { oldestOverdueHoldSeconds } from './db/bookings.js';
import { migrationsDir } from './db/migrations-dir.js';
import { createBookingApp } from './http/create-booking-app.js';
import { AdmissionGate, type AdmissionStats } from './use-cases/admission.js';
import { SeatLocks } from './use-cases/seat-locks.js';
import type { ServiceDeps } from './use-cases/service-deps.js';

/** Options for {@link startService} beyond the config. */
export interface StartOptions extends ServiceStartOptions {
  /** Interface the HTTP server binds; default all interfaces. */
  host?: string;
}

/** A running replica. */
export interface BookingService {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** The bound HTTP port. */
  readonly port: number;
  /** The runtime (readiness, stop). */
  readonly runtime: ServiceRuntime;
  /** What this replica's sweeper has done and whether it leads now. */
  readonly sweeper: { readonly isLeader: boolean; readonly stats: Readonly<ElectedLoopStats> };
  /** How many booking attempts this replica's admission gate let in and turned away. */
  readonly admission: { readonly stats: Readonly<AdmissionStats> };
  /** Graceful stop: fail readiness, stop entry points, release locks, close connections. */
  stop(): Promise<void>;
}

/**
 * Starts one booking replica. Components start in this order and stop in reverse: Postgres
 * (created if missing, migrated), Kafka (topics ensured), the etcd seat lock, the admission
 * semaphore (etcd), the outbox relay, the payment-results consumer, the hold sweeper, the
 * overdue-holds gauge, HTTP. Every part is safe with other replicas on the same database:
 * seats move only under their locks, fenced.
 */
export async function startService(
  config: BookingConfig,
  options: StartOptions = {},
): Promise<BookingService> {
  const { logger, runtime, db, kafka, relay, httpApp, listen } = createEventServiceBase(config, {
    ...options,
    migrationsDir,
    topics: allTopics,
  });
  const seatLock = runtime.add(
    new LockBackendComponent({
      strategy: 'etcd',
      instanceId: config.INSTANCE_ID,
      create: () =>
        new EtcdLock({ endpoints: config.ETCD_ENDPOINTS, defaultTtlMs: config.SEAT_LOCK_TTL_MS }),
    }),
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
    seatLocks: new SeatLocks(
      new LockRunner(seatLock, logger, {
        waitMs: config.BOOKING_LOCK_WAIT_MS,
        ttlMs: config.SEAT_LOCK_TTL_MS,
      }),
    ),
    admission,
    wakeRelay: () => relay.wake(),
    requestLockWaitMs: config.BOOKING_LOCK_WAIT_MS,
    backgroundLockWaitMs: config.BACKGROUND_LOCK_WAIT_MS,
    holdTtlMs: config.HOLD_TTL_MS,
  };
  const consumer = createBookingPaymentConsumer({
    kafka,
    deps,
    groupId: config.KAFKA_GROUP_ID,
    fromBeginning: config.KAFKA_FROM_BEGINNING,
    logger,
  });
  runtime.add(consumer);
  const sweeper = addHoldSweep(runtime, {
    election: new EtcdElection({
      endpoints: config.ETCD_ENDPOINTS,
      name: config.SWEEPER_ELECTION,
    }),
    candidateId: config.INSTANCE_ID,
    intervalMs: config.SWEEP_INTERVAL_MS,
    logger,
    sweep: (term, log) => sweepExpiredHolds(deps, config.SWEEP_BATCH_SIZE, term, log),
    overdueGauge: new OverdueHoldsGauge({
      serviceName: 'booking',
      saga: 'booking',
      readOverdueSeconds: () => oldestOverdueHoldSeconds(db.pool),
    }),
  });
  const app = createBookingApp({
    httpApp,
    deps,
    staleHoldGraceMs: config.STALE_HOLD_GRACE_MS,
  });
  const http = await listen(app, options.host ? { host: options.host } : {});
  return {
    url: http.url,
    port: http.port,
    runtime,
    sweeper,
    admission,
    stop: async () => {
      await runtime.stop();
    },
  };
}
