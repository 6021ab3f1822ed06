import { baseServiceConfig, envBoolean, envInteger } from '@lockstep/service-kit';
import { z } from 'zod';

/**
 * Everything delivery-assignment reads from the environment, validated once in main.ts. Tests
 * build the same object with loadConfig(configSchema, env) and a unique KAFKA_GROUP_ID.
 */
export const configSchema = z.object({
  ...baseServiceConfig,
  // .default() wraps the kit's schema, and the wrapper has no description of its own.
  SERVICE_NAME: baseServiceConfig.SERVICE_NAME.default('delivery-assignment').describe(
    'Name of the service; the `service` field of every log line and trace.',
  ),
  KAFKA_GROUP_ID: z
    .string()
    .min(1)
    .max(200)
    .default('delivery-assignment')
    .describe('Kafka consumer group shared by the replicas; tests pass a unique one per run.'),
  KAFKA_FROM_BEGINNING: envBoolean()
    .default(true)
    .describe(
      'Where a new consumer group starts: the earliest retained order (true, so nothing is missed) or only new ones.',
    ),
  CONSUMER_CONCURRENCY: envInteger({ min: 1, max: 32 })
    .default(3)
    .describe('Partitions of `orders` one replica handles in parallel (order holds per order id).'),
  CONSUMER_MAX_ATTEMPTS: envInteger({ min: 1, max: 50 })
    .default(5)
    .describe('Handler runs per order.confirmed before it is dead-lettered to orders.dlq.'),
  DB_POOL_SIZE: baseServiceConfig.DB_POOL_SIZE.describe(
    'Postgres pool size per replica; each in-flight order holds one connection.',
  ),
  CANDIDATE_LIMIT: envInteger({ min: 1, max: 50 })
    .default(5)
    .describe('Nearest partners with free capacity tried, in order, for one order.'),
  SERVICE_RADIUS_KM: z.coerce
    .number({ error: 'expected a number' })
    .positive()
    .max(20_000)
    .default(50)
    .describe(
      'Partners farther than this never deliver an order; an order with no partner at all this close is outside the service area and ignored.',
    ),
  CAS_MAX_ATTEMPTS: envInteger({ min: 1, max: 100 })
    .default(5)
    .describe('Compare-and-swap attempts on one partner before moving to the next candidate.'),
  CAS_BASE_DELAY_MS: envInteger({ min: 0, max: 10_000 })
    .default(5)
    .describe('First backoff after a lost compare-and-swap, doubled per loss, with jitter.'),
  CAS_MAX_DELAY_MS: envInteger({ min: 0, max: 60_000 })
    .default(100)
    .describe('Cap on one compare-and-swap backoff.'),
  RETRY_INTERVAL_MS: envInteger({ min: 50, max: 600_000 })
    .default(3_000)
    .describe('How often each replica looks for pending orders whose retry is due.'),
  RETRY_BATCH_SIZE: envInteger({ min: 1, max: 1_000 })
    .default(20)
    .describe('Pending orders one replica retries per round, one transaction each.'),
  RETRY_BASE_DELAY_MS: envInteger({ min: 0, max: 3_600_000 })
    .default(2_000)
    .describe('Delay before the first retry of a pending order, doubled per failed attempt.'),
  RETRY_MAX_DELAY_MS: envInteger({ min: 0, max: 3_600_000 })
    .default(60_000)
    .describe('Cap on the delay between two retries of a pending order.'),
  OUTBOX_POLL_INTERVAL_MS: envInteger({ min: 10, max: 60_000 })
    .default(1000)
    .describe(
      'Safety-net poll of the outbox relay. Commits wake it at once through the outbox notification (LISTEN/NOTIFY), so this bounds only the delay after a lost notification.',
    ),
});

/** The validated configuration of one replica. */
export type DeliveryConfig = z.output<typeof configSchema>;
