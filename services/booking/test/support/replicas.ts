import { paymentRefunded, Topics } from '@lockstep/contracts';
import { createEnvelope } from '@lockstep/events';
import { localTopology } from '@lockstep/infra-local';
import { createTestDatabase, loadConfig, type TestDatabase } from '@lockstep/service-kit';
import { primeConsumerGroup, testKafka, uniqueName } from '@lockstep/testkit';
import pg from 'pg';
import {
  type BookingConfig,
  type BookingService,
  bookingConfigSchema,
  startService,
} from '../../src/index.ts';

/** A test's booking deployment: its own database, N replicas, a pool for assertions. */
export interface TestDeployment {
  readonly replicas: BookingService[];
  /** Pool on the deployment's database, for reading what the replicas wrote. */
  readonly pool: pg.Pool;
  readonly database: TestDatabase;
  /** The consumer group the replicas share (unique per run). */
  readonly groupId: string;
  /** The admission semaphore the replicas share (unique per run). */
  readonly admissionSemaphore: string;
  /** Stops every replica, closes the pool, drops the database. */
  stop(): Promise<void>;
}

/**
 * The config of one test replica: the local stack, port 0, and names unique to this run
 * (consumer group, sweeper election, admission semaphore), so runs sharing the servers never
 * meet. New groups start at the newest message: the shared payment-results topic holds every
 * other run's history.
 */
export function testConfig(env: Record<string, string>): BookingConfig {
  const topology = localTopology();
  return loadConfig(bookingConfigSchema, {
    KAFKA_BROKERS: topology.kafka,
    ETCD_ENDPOINTS: topology.etcd,
    PORT: '0',
    LOG_LEVEL: process.env.BOOKING_TEST_LOG_LEVEL ?? 'silent',
    KAFKA_FROM_BEGINNING: 'false',
    OUTBOX_POLL_INTERVAL_MS: '100',
    SHUTDOWN_TIMEOUT_MS: '15000',
    ...env,
  });
}

/** Creates a database, starts `count` replicas on it one after the other, primes their group. */
export async function startDeployment(
  count: number,
  env: Record<string, string> = {},
): Promise<TestDeployment> {
  const database = await createTestDatabase({ prefix: 'booking_test' });
  const groupId = uniqueName('booking-test');
  const admissionSemaphore = uniqueName('booking-admission');
  const shared = {
    DATABASE_URL: database.url,
    KAFKA_GROUP_ID: groupId,
    SWEEPER_ELECTION: uniqueName('booking-sweeper'),
    ADMISSION_SEMAPHORE: admissionSemaphore,
    ...env,
  };
  const replicas: BookingService[] = [];
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
        await startService(testConfig({ ...shared, INSTANCE_ID: `${groupId}-${id}` }), {
          host: '127.0.0.1',
        }),
      );
    }
    // payment.refunded for an order: booking ignores other sagas' references without effect
    // but commits the offset.
    await primeConsumerGroup(testKafka('booking-test'), groupId, {
      topic: Topics.paymentResults,
      primer: () => {
        const orderId = uniqueName('primer');
        return createEnvelope(paymentRefunded, {
          paymentId: orderId,
          walletId: 'wallet-primer',
          amountCents: 1,
          reference: { kind: 'order', id: orderId },
        });
      },
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { replicas, pool, database, groupId, admissionSemaphore, stop };
}
