import type { Kafka } from 'kafkajs';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deadLetterTopicOf,
  EventConsumer,
  EventHeader,
  enqueue,
  ensureTopics,
  headerText,
  OutboxRelay,
} from '../src/index.ts';
import { uniqueName, waitFor } from './support/names.ts';
import { effectsSql, paymentCatalog } from './support/payment-events.ts';
import { createTestDatabase, type TestDatabase } from './support/test-database.ts';
import { deleteTopics, messageCount, readMessages, testKafka } from './support/test-kafka.ts';

const kafka = testKafka('events-relays-test');
const topic = uniqueName('events.relays');
const { paymentRequested, catalog } = paymentCatalog(topic);
const keys = 40;
const eventsPerKey = 5;
const total = keys * eventsPerKey;

/**
 * The same client, except that its producers hold every send for `delayMs` first and report
 * the first one: a relay built on it keeps its claimed rows locked for that long.
 */
function slowKafka(kafka: Kafka, delayMs: number): { kafka: Kafka; sending: Promise<void> } {
  let firstSend: () => void = () => undefined;
  const sending = new Promise<void>((resolve) => {
    firstSend = resolve;
  });
  const slow = new Proxy(kafka, {
    get(target, property, receiver) {
      if (property !== 'producer') return Reflect.get(target, property, receiver);
      return (config: Parameters<Kafka['producer']>[0]) => {
        const producer = target.producer(config);
        const send = producer.send.bind(producer);
        producer.send = async (record) => {
          firstSend();
          await new Promise((resolve) => setTimeout(resolve, delayMs));
          return send(record);
        };
        return producer;
      };
    },
  });
  return { kafka: slow, sending };
}

/** (wallet, seq) in the order the handler saw them. */
const handled: Array<{ walletId: string; seq: number }> = [];

let db: TestDatabase;
let relays: OutboxRelay[];
let slowSending: Promise<void>;
let consumer: EventConsumer<typeof paymentRequested>;

describe('several outbox relays at once', () => {
  beforeAll(async () => {
    db = await createTestDatabase('relays', effectsSql);
    await ensureTopics(kafka, [{ topic, partitions: 4 }]);
    // Small batches so the relays interleave many times over the 200 rows. The first relay is
    // slow: while it holds the oldest rows, the fast one reaches newer rows of the same keys,
    // which is exactly when publishing them would overtake their predecessors.
    const slow = slowKafka(kafka, 300);
    slowSending = slow.sending;
    relays = [slow.kafka, kafka].map(
      (client) =>
        new OutboxRelay({
          kafka: client,
          pool: db.pool,
          batchSize: 10,
          pollIntervalMs: 50,
          // Every relay claims, as overlapping leaders would: the claim itself must keep order.
          exclusive: false,
        }),
    );
    consumer = new EventConsumer({
      kafka,
      pool: db.pool,
      groupId: uniqueName('events-relays-group'),
      catalog,
      handlers: {
        'payment.requested': async (event, tx) => {
          handled.push({ walletId: event.payload.walletId, seq: event.payload.seq ?? -1 });
          await tx.query(
            'INSERT INTO payments_applied (event_id, payment_id, wallet_id, seq) VALUES ($1, $2, $3, $4)',
            [event.id, event.payload.paymentId, event.payload.walletId, event.payload.seq],
          );
        },
      },
    });
    await consumer.start();
  });

  afterAll(async () => {
    await consumer?.stop();
    for (const relay of relays ?? []) await relay.stop();
    await db?.drop();
    await deleteTopics(kafka, [topic, deadLetterTopicOf(topic)]);
  });

  it('two relays publish every row at least once, each has one effect, and every key keeps its order', async () => {
    // Rows round-robin over the keys, so each claimed batch holds many keys and both relays
    // find rows they may publish while the other holds its own.
    const ids: string[] = [];
    const tx: pg.PoolClient = await db.pool.connect();
    try {
      await tx.query('BEGIN');
      for (let seq = 0; seq < eventsPerKey; seq++) {
        for (let k = 0; k < keys; k++) {
          const walletId = `wallet-${k}`;
          const envelope = await enqueue(tx, paymentRequested, {
            paymentId: `${walletId}-${seq}`,
            walletId,
            amount: 1,
            seq,
          });
          ids.push(envelope.id);
        }
      }
      await tx.query('COMMIT');
    } finally {
      tx.release();
    }
    const [slowRelay, fastRelay] = relays;
    await slowRelay?.start();
    await slowSending;
    await fastRelay?.start();

    await waitFor('every row to be marked published', async () => {
      const { rows } = await db.pool.query(
        'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL',
      );
      return rows[0].n === 0;
    });
    const [first, second] = relays.map((relay) => relay.stats.published);
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(0);
    expect((first ?? 0) + (second ?? 0)).toBeGreaterThanOrEqual(total);

    // Kafka holds every event id at least once.
    const onTopic = await readMessages(kafka, topic, await messageCount(kafka, topic));
    const published = new Set(
      onTopic.map((message) => headerText(message.headers, EventHeader.id)),
    );
    expect(ids.filter((id) => !published.has(id))).toEqual([]);

    // The consumer applied each event exactly once.
    const effects = () =>
      db.pool.query<{ n: number; distinct_ids: number }>(
        'SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS distinct_ids FROM payments_applied',
      );
    await waitFor(
      'every event to be applied',
      async () => (await effects()).rows[0]?.distinct_ids === total,
    );
    expect((await effects()).rows[0]).toEqual({ n: total, distinct_ids: total });
    expect(consumer.stats.processed).toBe(total);

    // Per key, the handler saw seq 0..4 in order, though two relays published the key's rows.
    for (let k = 0; k < keys; k++) {
      const seen = handled
        .filter(({ walletId }) => walletId === `wallet-${k}`)
        .map(({ seq }) => seq);
      expect({ key: k, seen }).toEqual({ key: k, seen: [0, 1, 2, 3, 4] });
    }
  });
});
