import { baseServiceConfig, envBoolean, envInteger } from '@lockstep/service-kit';
import { z } from 'zod';

/**
 * The local stack's ZooKeeper (infra/ports.env). A literal, not localTopology(): the topology
 * package is a dev dependency, and a test keeps this value equal to it.
 */
export const localZooKeeper = '127.0.0.1:2191';

/** Everything inventory reads from the environment, once, in main.ts. */
export const inventoryConfigSchema = z.object({
  ...baseServiceConfig,
  SERVICE_NAME: baseServiceConfig.SERVICE_NAME.default('inventory'),
  ZOOKEEPER_CONNECT: z
    .string()
    .min(1)
    .default(localZooKeeper)
    .describe(
      'ZooKeeper connection string (`host:port[,host:port]`) for SKU locks and the sweeper election.',
    ),
  ZOOKEEPER_SESSION_TIMEOUT_MS: envInteger({ min: 1_000, max: 60_000 })
    .default(10_000)
    .describe('Requested ZooKeeper session timeout: how long a crashed holder keeps a SKU locked.'),
  KAFKA_GROUP_ID: z
    .string()
    .min(1)
    .max(200)
    .default('inventory')
    .describe('Consumer group (and dedupe namespace) of the payment-results consumer.'),
  KAFKA_FROM_BEGINNING: envBoolean()
    .default(true)
    .describe(
      'Whether a new consumer group starts at the oldest retained message (else at the newest).',
    ),
  ORDER_LOCK_WAIT_MS: envInteger({ min: 0, max: 60_000 })
    .default(2_000)
    .describe(
      'How long POST /orders and restock wait for a SKU lock before answering 429 SKU_BUSY.',
    ),
  BACKGROUND_LOCK_WAIT_MS: envInteger({ min: 0, max: 120_000 })
    .default(10_000)
    .describe('How long the payment consumer and the sweeper wait for a SKU lock before retrying.'),
  RESERVATION_TTL_MS: envInteger({ min: 1_000, max: 86_400_000 })
    .default(60_000)
    .describe('How long a reservation holds its units while the payment runs.'),
  SWEEPER_ELECTION: z
    .string()
    .min(1)
    .max(200)
    .default('inventory-hold-sweeper')
    .describe('ZooKeeper election the sweepers of one deployment campaign in; one leader sweeps.'),
  SWEEP_INTERVAL_MS: envInteger({ min: 50, max: 600_000 })
    .default(5_000)
    .describe('Pause between two sweeps for expired holds (only the elected leader sweeps).'),
  SWEEP_BATCH_SIZE: envInteger({ min: 1, max: 10_000 })
    .default(200)
    .describe('Most expired holds one sweep releases per SKU.'),
  STALE_HOLD_GRACE_MS: envInteger({ min: 0, max: 86_400_000 })
    .default(30_000)
    .describe('Audit: a hold still reserved this long after it expired counts as stale.'),
  OUTBOX_POLL_INTERVAL_MS: envInteger({ min: 10, max: 60_000 })
    .default(1000)
    .describe(
      'Safety-net poll of the outbox relay. Commits wake it at once through the outbox notification (LISTEN/NOTIFY), so this bounds only the delay after a lost notification.',
    ),
  INVENTORY_COALESCING: z
    .enum(['on', 'off'])
    .default('on')
    .describe(
      'Whether POST /orders for one SKU queue at this replica and are served in batches under ' +
        'one acquisition of the SKU lock (on), or take the lock once per order (off).',
    ),
  ORDER_QUEUE_LIMIT: envInteger({ min: 1, max: 100_000 })
    .default(1_000)
    .describe('Most orders one SKU may have queued at this replica; beyond it 429 SKU_BUSY.'),
  ORDER_BATCH_LIMIT: envInteger({ min: 1, max: 10_000 })
    .default(100)
    .describe(
      'Most queued orders one acquisition of a SKU lock serves; the rest wait for the next.',
    ),
  SOLD_OUT_RECHECK_MS: envInteger({ min: 0, max: 60_000 })
    .default(500)
    .describe(
      'How long a SKU seen sold out is answered 409 from memory before the database is read ' +
        'again (bounds how late units released by another replica are offered here; 0 = always read).',
    ),
});

/** Inventory's validated configuration. */
export type InventoryConfig = z.output<typeof inventoryConfigSchema>;
