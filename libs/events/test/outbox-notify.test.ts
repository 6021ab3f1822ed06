import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadLetterTopicOf, enqueue, ensureTopics, OutboxRelay } from '../src/index.ts';
import { uniqueName, waitFor } from './support/names.ts';
import { paymentRequestedOn } from './support/payment-events.ts';
import { createTestDatabase, inTransaction, type TestDatabase } from './support/test-database.ts';
import { deleteTopics, messageCount, testKafka } from './support/test-kafka.ts';

const kafka = testKafka('events-outbox-notify-test');
const topic = uniqueName('events.notify');
const paymentRequested = paymentRequestedOn(topic);
/** So long that only the commit notification can explain a prompt publish. */
const hourMs = 3_600_000;

let db: TestDatabase;
let relay: OutboxRelay;

/** Commits one event from a connection of its own, as another replica would. */
async function commitOneEvent(): Promise<void> {
  await inTransaction(db.pool, (tx) =>
    enqueue(tx, paymentRequested, {
      paymentId: uniqueName('payment'),
      walletId: uniqueName('wallet'),
      amount: 100,
    }),
  );
}

describe('outbox relay woken by the commit notification', () => {
  beforeAll(async () => {
    db = await createTestDatabase('notify');
    await ensureTopics(kafka, [{ topic, partitions: 1 }]);
    relay = new OutboxRelay({ kafka, pool: db.pool, pollIntervalMs: hourMs });
    await relay.start();
    // The first round runs at start; from here on only a notification can start another.
    await waitFor('the relay to go idle', async () => {
      const { rows } = await db.pool.query(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'",
      );
      return rows[0].n === 1;
    });
  });

  afterAll(async () => {
    await relay?.stop();
    await db?.drop();
    await deleteTopics(kafka, [topic, deadLetterTopicOf(topic)]);
  });

  it('an event committed by another connection is published at once, with polls an hour apart', async () => {
    const before = relay.stats.published;
    await commitOneEvent();
    await waitFor('the relay to publish', () => relay.stats.published === before + 1, 10_000);
    expect(await messageCount(kafka, topic)).toBeGreaterThanOrEqual(1);
  });

  it('a rolled-back enqueue wakes nothing and publishes nothing', async () => {
    const before = relay.stats.published;
    const tx = await db.pool.connect();
    try {
      await tx.query('BEGIN');
      await enqueue(tx, paymentRequested, { paymentId: uniqueName('p'), walletId: 'w', amount: 1 });
      await tx.query('ROLLBACK');
    } finally {
      tx.release();
    }
    // Then a committed one: it is published alone, so the rolled-back row never existed.
    await commitOneEvent();
    await waitFor('the relay to publish', () => relay.stats.published === before + 1, 10_000);
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM outbox');
    expect(rows[0].n).toBe(before + 1);
  });

  it('after its listening connection is killed it reconnects and publishes what was committed meanwhile', async () => {
    const before = relay.stats.published;
    const killed = await db.pool.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'",
    );
    expect(killed.rowCount).toBe(1);
    await commitOneEvent();
    await waitFor('the relay to publish', () => relay.stats.published === before + 1, 15_000);
  });
});
