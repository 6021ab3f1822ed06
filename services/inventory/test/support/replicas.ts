import { localTopology } from '@lockstep/infra-local';
import { createTestDatabase, loadConfig, type TestDatabase } from '@lockstep/service-kit';
import { uniqueName } from '@lockstep/testkit';
import pg from 'pg';
import {
  type InventoryConfig,
  type InventoryService,
  inventoryConfigSchema,
  startService,
} from '../../src/index.ts';

/** A test's inventory deployment: its own database, N replicas, a pool for assertions. */
export interface TestDeployment {
  readonly replicas: InventoryService[];
  /** Pool on the deployment's database, for reading what the replicas wrote. */
  readonly pool: pg.Pool;
  readonly database: TestDatabase;
  /** The consumer group the replicas share (unique per run). */
  readonly groupId: string;
  /** Stops every replica, closes the pool, drops the database. */
  stop(): Promise<void>;
}

/**
 * The config of one test replica: the local stack, port 0, and names unique to this run
 * (consumer group, sweeper election), so runs sharing the servers never meet. New groups start
 * at the newest message: the shared payment-results topic holds every other run's history.
 */
export function testConfig(env: Record<string, string>): InventoryConfig {
  const topology = localTopology();
  return loadConfig(inventoryConfigSchema, {
    KAFKA_BROKERS: topology.kafka,
    ZOOKEEPER_CONNECT: topology.zookeeper,
    PORT: '0',
    LOG_LEVEL: process.env.INVENTORY_TEST_LOG_LEVEL ?? 'silent',
    KAFKA_FROM_BEGINNING: 'false',
    ZOOKEEPER_SESSION_TIMEOUT_MS: '4000',
    OUTBOX_POLL_INTERVAL_MS: '100',
    SHUTDOWN_TIMEOUT_MS: '15000',
    ...env,
  });
}

/** Creates a database and starts `count` replicas on it, one after the other. */
export async function startDeployment(
  count: number,
  env: Record<string, string> = {},
): Promise<TestDeployment> {
  const database = await createTestDatabase({ prefix: 'inventory_test' });
  const groupId = uniqueName('inventory-test');
  const shared = {
    DATABASE_URL: database.url,
    KAFKA_GROUP_ID: groupId,
    SWEEPER_ELECTION: uniqueName('inventory-sweeper'),
    ...env,
  };
  const replicas: InventoryService[] = [];
  const pool = new pg.Pool({ connectionString: database.url, max: 4 });
  const stop = async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
    await pool.end();
    await database.drop();
  };
  try {
    for (let i = 0; i < count; i++) {
      const id = String.fromCharCode(97 + i);
      replicas.push(
        await startService(testConfig({ ...shared, INSTANCE_ID: `replica-${id}` }), {
          host: '127.0.0.1',
        }),
      );
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { replicas, pool, database, groupId, stop };
}
