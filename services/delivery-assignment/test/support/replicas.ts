import { orderCancelled, Topics } from '@lockstep/contracts';
import { createEnvelope } from '@lockstep/events';
import { localTopology } from '@lockstep/infra-local';
import { createTestDatabase, loadConfig, type TestDatabase } from '@lockstep/service-kit';
import { primeConsumerGroup, uniqueName } from '@lockstep/testkit';
import pg from 'pg';
import { configSchema, type DeliveryService, startService } from '../../src/index.ts';
import { testKafka } from './orders-producer.ts';

/** Two (or more) replicas on one fresh database, in one consumer group of this run's own. */
export interface TestCluster {
  replicas: DeliveryService[];
  /** The replicas' consumer group (also the dedupe and dead-letter consumer name). */
  groupId: string;
  /** A pool on the replicas' database, for assertions. */
  pool: pg.Pool;
  database: TestDatabase;
  /** Stops the replicas, closes the pool and drops the database. */
  close(): Promise<void>;
}

/**
 * Starts `count` replicas the way production runs them (same config schema, one database, one
 * group), on port 0, reading only orders produced from now on (the shared `orders` topic holds
 * every earlier run's orders). `env` overrides defaults.
 */
export async function startCluster(
  count: number,
  env: Record<string, string> = {},
): Promise<TestCluster> {
  const database = await createTestDatabase({ prefix: 'delivery_test' });
  const groupId = uniqueName('delivery-assignment-test');
  const replicas: DeliveryService[] = [];
  try {
    // One at a time: the second waits on the migration lock anyway, and a staggered join lets
    // the group settle once instead of rebalancing twice.
    for (let i = 0; i < count; i++) {
      const config = loadConfig(configSchema, {
        DATABASE_URL: database.url,
        KAFKA_BROKERS: localTopology().kafka,
        PORT: '0',
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
        INSTANCE_ID: `${groupId}-r${i + 1}`,
        KAFKA_GROUP_ID: groupId,
        KAFKA_FROM_BEGINNING: 'false',
        ...env,
      });
      replicas.push(await startService(config));
    }
    // order.cancelled is catalogued without a handler: skipped with no effect, offset committed.
    await primeConsumerGroup(testKafka(`${groupId}-primer`), groupId, {
      topic: Topics.orders,
      primer: () =>
        createEnvelope(orderCancelled, {
          orderId: uniqueName('primer'),
          sku: 'SKU-PRIMER',
          quantity: 1,
          reason: 'primes a test consumer group',
        }),
    });
  } catch (error) {
    await Promise.all(replicas.map((replica) => replica.stop()));
    await database.drop();
    throw error;
  }
  const pool = new pg.Pool({ connectionString: database.url, max: 3 });
  return {
    replicas,
    groupId,
    pool,
    database,
    async close() {
      await Promise.all(replicas.map((replica) => replica.stop()));
      await pool.end();
      await database.drop();
    },
  };
}

/** Sum of one counter over every replica. */
export function total(
  replicas: readonly DeliveryService[],
  counter: keyof DeliveryService['stats'],
): number {
  return replicas.reduce((sum, replica) => sum + replica.stats[counter], 0);
}
