import { randomUUID } from 'node:crypto';
import { createEnvelope } from '@lockstep/events';
import { localTopology } from '@lockstep/infra-local';
import { createTestDatabase, loadConfig } from '@lockstep/service-kit';
import { primeConsumerGroup, testKafka, uniqueName } from '@lockstep/testkit';
import pg from 'pg';
import {
  type AcmeWidgetsService,
  acmeWidgetsConfigSchema,
  itemClaimed,
  itemsTopic,
  startService,
} from '../../src/index.ts';

/** A test's deployment: its own database, N replicas on it, a pool for assertions. */
export interface TestDeployment {
  readonly replicas: AcmeWidgetsService[];
  /** Pool on the deployment's database, for what HTTP does not show. */
  readonly pool: pg.Pool;
  /** The consumer group the replicas share (unique to the run). */
  readonly groupId: string;
  /** Stops every replica, closes the pool, drops the database. */
  stop(): Promise<void>;
}

/**
 * Starts `count` replicas on a new database, on the local stack (the lock backend's defaults
 * are its addresses), with a consumer group unique to the run positioned at the end of the
 * shared topic, so earlier runs' events are never read.
 */
export async function startDeployment(
  count: number,
  env: Record<string, string> = {},
): Promise<TestDeployment> {
  const database = await createTestDatabase({ prefix: 'acme_widgets_test' });
  const groupId = uniqueName('acme-widgets-test');
  const replicas: AcmeWidgetsService[] = [];
  const pool = new pg.Pool({ connectionString: database.url, max: 4 });
  const stop = async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
    await pool.end();
    await database.drop();
  };
  try {
    for (let i = 0; i < count; i++) {
      const config = loadConfig(acmeWidgetsConfigSchema, {
        DATABASE_URL: database.url,
        KAFKA_BROKERS: localTopology().kafka,
        KAFKA_GROUP_ID: groupId,
        KAFKA_FROM_BEGINNING: 'false',
        INSTANCE_ID: `${groupId}-${i}`,
        PORT: '0',
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
        OUTBOX_POLL_INTERVAL_MS: '100',
        ...env,
      });
      replicas.push(await startService(config, { host: '127.0.0.1' }));
    }
    // A claim no database has: settled with no effect, and its offset committed.
    await primeConsumerGroup(testKafka('acme-widgets-test'), groupId, {
      topic: itemsTopic,
      primer: () =>
        createEnvelope(itemClaimed, { claimId: randomUUID(), itemId: 'primer', quantity: 1 }),
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { replicas, pool, groupId, stop };
}
