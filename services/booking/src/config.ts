import { baseServiceConfig, envBoolean, envInteger, envList } from '@lockstep/service-kit';
import { z } from 'zod';

/**
 * The local stack's etcd (infra/ports.env). A literal, not localTopology(): the topology
 * package is a dev dependency, and a test keeps this value equal to it.
 */
export const localEtcd = 'http://127.0.0.1:2389';

/** Everything booking reads from the environment, once, in main.ts. */
export const bookingConfigSchema = z.object({
  ...baseServiceConfig,
  SERVICE_NAME: baseServiceConfig.SERVICE_NAME.default('booking'),
  ETCD_ENDPOINTS: envList()
    .default([localEtcd])
    .describe(
      'Comma-separated etcd client URLs for the seat locks, the admission semaphore and the sweeper election.',
    ),
  SEAT_LOCK_TTL_MS: envInteger({ min: 2_000, max: 60_000 })
    .default(10_000)
    .describe(
      'TTL of a seat lock (etcd lease, whole seconds): how long a crashed holder keeps seats locked.',
    ),
  KAFKA_GROUP_ID: z
    .string()
    .min(1)
    .max(200)
    .default('booking')
    .describe('Consumer group (and dedupe namespace) of the payment-results consumer.'),
  KAFKA_FROM_BEGINNING: envBoolean()
    .default(true)
    .describe(
      'Whether a new consumer group starts at the oldest retained message (else at the newest).',
    ),
  BOOKING_LOCK_WAIT_MS: envInteger({ min: 0, max: 60_000 })
    .default(2_000)
    .describe(
      'How long POST /bookings waits for all its seat locks together before answering 429 SEATS_BUSY.',
    ),
  BACKGROUND_LOCK_WAIT_MS: envInteger({ min: 0, max: 120_000 })
    .default(10_000)
    .describe('How long the payment consumer and the sweeper wait for seat locks before retrying.'),
  HOLD_TTL_MS: envInteger({ min: 1_000, max: 86_400_000 })
    .default(120_000)
    .describe('How long a booking holds its seats while the payment runs.'),
  ADMISSION_PERMITS: envInteger({ min: 1, max: 100_000 })
    .default(32)
    .describe(
      'Most booking attempts in flight across all replicas (etcd semaphore); beyond it 429 ADMISSION_FULL.',
    ),
  ADMISSION_SEMAPHORE: z
    .string()
    .min(1)
    .max(200)
    .default('booking-admission')
    .describe('Name of the admission semaphore; every replica of one deployment must share it.'),
  ADMISSION_RETRY_AFTER_S: envInteger({ min: 1, max: 3_600 })
    .default(1)
    .describe('Retry-After (seconds) sent with 429 ADMISSION_FULL.'),
  SWEEPER_ELECTION: z
    .string()
    .min(1)
    .max(200)
    .default('booking-hold-sweeper')
    .describe('etcd election the sweepers of one deployment campaign in; one leader sweeps.'),
  SWEEP_INTERVAL_MS: envInteger({ min: 50, max: 600_000 })
    .default(5_000)
    .describe('Pause between two sweeps for expired holds (only the elected leader sweeps).'),
  SWEEP_BATCH_SIZE: envInteger({ min: 1, max: 10_000 })
    .default(200)
    .describe('Most expired holds one sweep releases.'),
  STALE_HOLD_GRACE_MS: envInteger({ min: 0, max: 86_400_000 })
    .default(30_000)
    .describe(
      'Audit: a hold still held (or a refund still pending) this long past its deadline is stale.',
    ),
  OUTBOX_POLL_INTERVAL_MS: envInteger({ min: 10, max: 60_000 })
    .default(1000)
    .describe(
      'Safety-net poll of the outbox relay. Commits wake it at once through the outbox notification (LISTEN/NOTIFY), so this bounds only the delay after a lost notification.',
    ),
});

/** Booking's validated configuration. */
export type BookingConfig = z.output<typeof bookingConfigSchema>;
