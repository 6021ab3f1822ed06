import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createEnvelope,
  deadLetterTopicOf,
  EventConsumer,
  encodeEvent,
  ensureTopics,
} from '../src/index.ts';
import { type OffsetCommit, recordCommits } from './support/commit-log.ts';
import { uniqueName, waitFor } from './support/names.ts';
import { effectsSql, paymentCatalog } from './support/payment-events.ts';
import { createTestDatabase, type TestDatabase } from './support/test-database.ts';
import { committedOffset, deleteTopics, rawProducer, testKafka } from './support/test-kafka.ts';

const kafka = testKafka('events-batching-test');
const topic = uniqueName('events.batching');
const partitions = 3;
const commitIntervalMs = 100;
const { paymentRequested, catalog } = paymentCatalog(topic);

let db: TestDatabase;
let consumer: EventConsumer<typeof paymentRequested> | undefined;

async function seqsOf(walletId: string): Promise<number[]> {
  const { rows } = await db.pool.query<{ seq: number }>(
    'SELECT seq FROM payments_applied WHERE wallet_id = $1 ORDER BY n',
    [walletId],
  );
  return rows.map((row) => row.seq);
}

describe('event consumer offset commits', () => {
  beforeAll(async () => {
    db = await createTestDatabase('batching', effectsSql);
    await ensureTopics(kafka, [{ topic, partitions }]);
  });

  afterAll(async () => {
    await consumer?.stop();
    await db?.drop();
    await deleteTopics(kafka, [topic, deadLetterTopicOf(topic)]);
  });

  it('a backlog of 600 events on 3 partitions is applied in order per key with the group offsets at the end, in far fewer commits than messages, none ahead of a committed effect and none moving back', async () => {
    const total = 600;
    const wallets = Array.from({ length: 6 }, () => uniqueName('wallet'));
    const producer = rawProducer(kafka);
    await producer.connect();
    await producer.send({
      topic,
      messages: Array.from({ length: total }, (_, i) =>
        encodeEvent(
          createEnvelope(paymentRequested, {
            paymentId: uniqueName('payment'),
            walletId: wallets[i % wallets.length] as string,
            amount: 1,
            seq: Math.floor(i / wallets.length) + 1,
          }),
        ),
      ),
    });
    await producer.disconnect();

    /** Effects committed in Postgres so far, by partition. */
    const applied = new Map<number, number>();
    /** Commits acknowledged at a moment when fewer effects of their partition had committed. */
    const ahead: Array<OffsetCommit & { applied: number }> = [];
    /** The latest committed offset by partition. */
    const latest = new Map<number, number>();
    const log = recordCommits(kafka, (commits) => {
      for (const commit of commits) {
        // The topic is new, so offset n means the first n messages of the partition are done.
        const done = applied.get(commit.partition) ?? 0;
        if (commit.offset > done) ahead.push({ ...commit, applied: done });
        latest.set(commit.partition, commit.offset);
      }
    });
    const groupId = uniqueName('events-batching-group');
    consumer = new EventConsumer({
      kafka: log.kafka,
      pool: db.pool,
      groupId,
      catalog,
      partitionsConsumedConcurrently: partitions,
      commitIntervalMs,
      handlers: {
        'payment.requested': async (event, tx, delivery) => {
          await tx.query(
            'INSERT INTO payments_applied (event_id, payment_id, wallet_id, seq) VALUES ($1, $2, $3, $4)',
            [event.id, event.payload.paymentId, event.payload.walletId, event.payload.seq],
          );
          delivery.afterCommit(() =>
            applied.set(delivery.partition, (applied.get(delivery.partition) ?? 0) + 1),
          );
        },
      },
    });
    const startedAt = performance.now();
    await consumer.start();

    const sum = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0);
    await waitFor('every offset to be committed', () => sum(latest.values()) === total, 60_000);
    const committingMs = performance.now() - startedAt;
    const stored = await Promise.all(
      Array.from({ length: partitions }, (_, partition) =>
        committedOffset(kafka, groupId, topic, partition),
      ),
    );
    // Each partition's stored offset is the number of its messages applied; a partition no
    // wallet hashed to has none and no commit (the admin API reports -1).
    expect(sum(applied.values())).toBe(total);
    expect(stored).toEqual(
      Array.from({ length: partitions }, (_, partition) => applied.get(partition) ?? -1),
    );
    expect(consumer.stats).toMatchObject({ processed: total, duplicates: 0, deadLettered: 0 });
    expect(ahead).toEqual([]);
    // Committed positions only ever move forward, partition by partition.
    for (let partition = 0; partition < partitions; partition++) {
      const sent = log.requests.flat().filter((commit) => commit.partition === partition);
      const offsets = sent.map((commit) => commit.offset);
      expect(offsets).toEqual([...new Set(offsets)].sort((a, b) => a - b));
    }
    // Requests are sent at least commitIntervalMs apart, however long the backlog takes on a
    // loaded machine (about 2 s alone, 17 s beside other test runs): fewer than one per message.
    expect(log.requests.length).toBeLessThanOrEqual(
      Math.floor(committingMs / commitIntervalMs) + 1,
    );
    expect(log.requests.length).toBeLessThan(total);
    const perWallet = total / wallets.length;
    for (const wallet of wallets) {
      expect(await seqsOf(wallet)).toEqual(Array.from({ length: perWallet }, (_, i) => i + 1));
    }
  });
});
