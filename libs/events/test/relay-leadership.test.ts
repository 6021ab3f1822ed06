import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deadLetterTopicOf,
  decodeEvent,
  enqueue,
  ensureTopics,
  OutboxRelay,
} from '../src/index.ts';
import { uniqueName, waitFor } from './support/names.ts';
import { paymentCatalog } from './support/payment-events.ts';
import { createTestDatabase, inTransaction, type TestDatabase } from './support/test-database.ts';
import { deleteTopics, messageCount, readMessages, testKafka } from './support/test-kafka.ts';

const kafka = testKafka('events-relay-leadership-test');
const topic = uniqueName('events.leadership');
const { paymentRequested, catalog } = paymentCatalog(topic);

let db: TestDatabase;
const relays: OutboxRelay[] = [];

/** Commits `count` events, one transaction each, and returns their ids. */
async function commitEvents(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const event = await inTransaction(db.pool, (tx) =>
      enqueue(tx, paymentRequested, {
        paymentId: uniqueName('payment'),
        walletId: `wallet-${i % 4}`,
        amount: 1,
      }),
    );
    ids.push(event.id);
  }
  return ids;
}

async function unpublished(): Promise<number> {
  const { rows } = await db.pool.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL',
  );
  return rows[0]?.n ?? -1;
}

/** The backend that holds the relay's advisory lock in this database. */
async function leaderPid(): Promise<number | undefined> {
  const { rows } = await db.pool.query<{ pid: number }>(
    `SELECT l.pid FROM pg_locks l JOIN pg_database d ON d.oid = l.database
     WHERE l.locktype = 'advisory' AND l.granted AND d.datname = current_database()`,
  );
  return rows[0]?.pid;
}

function startRelay(stalledLeaderMs?: number): OutboxRelay {
  const relay = new OutboxRelay({ kafka, pool: db.pool, pollIntervalMs: 200, stalledLeaderMs });
  relays.push(relay);
  return relay;
}

describe('one outbox relay per database', () => {
  beforeAll(async () => {
    db = await createTestDatabase('leadership');
    await ensureTopics(kafka, [{ topic, partitions: 2 }]);
  });

  afterAll(async () => {
    for (const relay of relays) await relay.stop();
    await db?.drop();
    await deleteTopics(kafka, [topic, deadLetterTopicOf(topic)]);
  });

  it('of two replicas one relays and the other runs no claim at all; when the leader dies the other takes over and publishes what was left', async () => {
    const first = startRelay();
    await first.start();
    await waitFor('the first relay to lead', () => first.leading);
    const second = startRelay();
    await second.start();

    const before = await commitEvents(20);
    await waitFor('the first events to be published', async () => (await unpublished()) === 0);
    expect(first.leading).toBe(true);
    expect(second.leading).toBe(false);
    expect(first.stats.published).toBe(20);
    expect(second.stats).toMatchObject({ published: 0, rounds: 0 });

    // The leader's session ends as if its process died: Postgres releases the lock with it.
    const pid = await leaderPid();
    expect(pid).toBeDefined();
    await db.pool.query('SELECT pg_terminate_backend($1)', [pid]);
    const after = await commitEvents(10);
    await waitFor('the second relay to take over', () => second.leading, 10_000);
    await waitFor('the rest to be published', async () => (await unpublished()) === 0, 10_000);
    expect(second.stats.published).toBeGreaterThan(0);
    // The old leader reconnects as a standby: one relay at a time.
    await waitFor('the first relay to reconnect', async () => {
      const { rows } = await db.pool.query<{ n: number }>(
        // This query's own text mentions the lock function too: its backend is left out.
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database()
         AND pid <> pg_backend_pid()
         AND (query LIKE 'LISTEN%' OR query LIKE '%pg_try_advisory_lock%')`,
      );
      return rows[0]?.n === 2;
    });
    expect([first.leading, second.leading]).toEqual([false, true]);

    // At least once: a batch in flight when the leader died may have gone out twice.
    const messages = await readMessages(kafka, topic, await messageCount(kafka, topic));
    const published = new Set(messages.map((message) => decodeEvent(message, catalog).event.id));
    for (const id of [...before, ...after]) expect(published.has(id)).toBe(true);
  });

  it('a leader that stops hands over at once to a standby', async () => {
    const [first, second] = relays as [OutboxRelay, OutboxRelay];
    const standby = first.leading ? second : first;
    const leader = first.leading ? first : second;
    await leader.stop();
    const ids = await commitEvents(5);
    await waitFor('the standby to take over', () => standby.leading, 10_000);
    await waitFor('the events to be published', async () => (await unpublished()) === 0, 10_000);
    expect(ids).toHaveLength(5);
  });

  it('a leader that holds the lock but relays nothing (paused) is covered by a standby once the oldest row is older than stalledLeaderMs', async () => {
    for (const relay of relays.splice(0)) await relay.stop();
    // A session that takes the relay's lock and then does nothing, like a SIGSTOPped leader.
    const paused = await db.pool.connect();
    try {
      await paused.query("SELECT pg_advisory_lock(hashtext('lockstep_outbox_relay'))");
      const standby = startRelay(1_000);
      await standby.start();
      const ids = await commitEvents(3);
      await waitFor('the standby to relay', async () => (await unpublished()) === 0, 15_000);
      expect(standby.leading).toBe(false);
      const { rows } = await db.pool.query<{ waited_ms: number }>(
        `SELECT extract(epoch FROM published_at - created_at)::float8 * 1000 AS waited_ms
         FROM outbox WHERE id = ANY($1::uuid[]) ORDER BY seq`,
        [ids],
      );
      // The standby stepped in only once the oldest row had waited past the threshold (the
      // younger rows behind it went out in the same claim).
      expect(rows).toHaveLength(3);
      expect(rows[0]?.waited_ms).toBeGreaterThanOrEqual(1_000);
    } finally {
      await paused.query('SELECT pg_advisory_unlock_all()');
      paused.release();
    }
  });
});
