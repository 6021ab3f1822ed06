/**
 * An event consumer in a process of its own that dies by SIGKILL, with no chance to commit or
 * leave its group, right after its handler's `killAfter`-th effect has committed in Postgres.
 *
 *   node --import tsx --conditions=lockstep-source killed-consumer.ts \
 *     <topic> <groupId> <database> <killAfter>
 */
import pg from 'pg';
import { EventConsumer } from '../../src/index.ts';
import { paymentCatalog } from './payment-events.ts';
import { testDatabaseConnection } from './test-database.ts';
import { testKafka } from './test-kafka.ts';

const [topic = '', groupId = '', database = '', killAfter = '0'] = process.argv.slice(2);
const pool = new pg.Pool(testDatabaseConnection(database));
let applied = 0;
const consumer = new EventConsumer({
  kafka: testKafka('events-killed-consumer'),
  pool,
  groupId,
  catalog: paymentCatalog(topic).catalog,
  // The broker's minimum: the successor waits this long for the dead member to be evicted.
  sessionTimeout: 6_000,
  handlers: {
    'payment.requested': async (event, tx, delivery) => {
      await tx.query(
        'INSERT INTO payments_applied (event_id, payment_id, wallet_id, seq) VALUES ($1, $2, $3, $4)',
        [event.id, event.payload.paymentId, event.payload.walletId, event.payload.seq ?? null],
      );
      delivery.afterCommit(() => {
        applied += 1;
        if (applied === Number(killAfter)) process.kill(process.pid, 'SIGKILL');
      });
    },
  },
});
await consumer.start();
