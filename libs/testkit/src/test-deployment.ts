import { localTopology } from '@lockstep/infra-local';
import pg from 'pg';
import { testAdminToken } from './http-call.js';
import { type PrimerOptions, primeConsumerGroup } from './prime-consumer-group.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';
import { testKafka } from './test-kafka.js';
import { uniqueName } from './unique-name.js';

/** A service's replicas as one test runs them: a database of their own, one consumer group. */
export interface TestDeployment<R> {
  readonly replicas: R[];
  /** Pool on the deployment's database, for reading what the replicas wrote. */
  readonly pool: pg.Pool;
  readonly database: TestDatabase;
  /** The consumer group the replicas share (unique to the run). */
  readonly groupId: string;
  /** Stops every replica, closes the pool, drops the database. */
  stop(): Promise<void>;
}

/** Where one replica of a {@link TestDeployment} starts. */
export interface ReplicaSlot {
  /** 0 for the first replica started. */
  index: number;
  /**
   * The base-config keys every replica of the deployment takes: DATABASE_URL, KAFKA_BROKERS,
   * KAFKA_GROUP_ID (with KAFKA_FROM_BEGINNING=false), INSTANCE_ID (`<groupId>-a`, `-b`, …, so
   * lock owners of different runs never meet), PORT=0, OUTBOX_POLL_INTERVAL_MS=100,
   * ADMIN_TOKEN=testAdminToken and LOG_LEVEL from TEST_LOG_LEVEL (default silent). The service adds its own keys on top.
   */
  env: Record<string, string>;
}

/** What {@link startTestDeployment} starts. */
export interface TestDeploymentOptions<R> {
  /** Names the database (`<service>_test_<pid>_<n>`) and the group (`<service>-test-<unique>`). */
  service: string;
  /** How many replicas. */
  count: number;
  /** Starts one replica in this process, with its config loaded from `slot.env` and more. */
  startReplica(slot: ReplicaSlot): Promise<R>;
  /**
   * Primes the group once every replica runs, for a service whose consumers start at the
   * newest message (see primeConsumerGroup); without it the group is left as the replicas
   * made it.
   */
  primer?: PrimerOptions;
}

/**
 * Creates a database and starts `count` replicas on it one at a time: the second waits on the
 * migration lock anyway, and a staggered join lets the group settle once instead of
 * rebalancing for every replica. If any step fails, what was started is stopped again.
 */
export async function startTestDeployment<R extends { stop(): Promise<unknown> }>(
  options: TestDeploymentOptions<R>,
): Promise<TestDeployment<R>> {
  const database = await createTestDatabase({ prefix: `${options.service}_test` });
  const groupId = uniqueName(`${options.service}-test`);
  const replicas: R[] = [];
  const pool = new pg.Pool({ connectionString: database.url, max: 4 });
  const stop = async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
    // pool.end() resolves once it has asked every connection to close, not once they have;
    // the forced drop below may terminate one still closing, whose error is no news then.
    pool.on('error', () => {});
    await pool.end();
    await database.drop();
  };
  try {
    for (let index = 0; index < options.count; index++) {
      const env = {
        DATABASE_URL: database.url,
        KAFKA_BROKERS: localTopology().kafka,
        KAFKA_GROUP_ID: groupId,
        KAFKA_FROM_BEGINNING: 'false',
        INSTANCE_ID: `${groupId}-${String.fromCharCode(97 + index)}`,
        PORT: '0',
        OUTBOX_POLL_INTERVAL_MS: '100',
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
        ADMIN_TOKEN: testAdminToken,
      };
      replicas.push(await options.startReplica({ index, env }));
    }
    if (options.primer !== undefined) {
      await primeConsumerGroup(testKafka(`${options.service}-test`), groupId, options.primer);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { replicas, pool, database, groupId, stop };
}
