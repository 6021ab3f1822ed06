import type { Producer } from 'kafkajs';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createEnvelope,
  deadLetterTopicOf,
  EventConsumer,
  encodeEvent,
  ensureTopics,
} from '../src/index.ts';
import { uniqueName, waitFor } from './support/names.ts';
import { effectsSql, paymentCatalog } from './support/payment-events.ts';
import { createTestDatabase, type TestDatabase } from './support/test-database.ts';
import { deleteTopics, messageCount, rawProducer, testKafka } from './support/test-kafka.ts';

const kafka = testKafka('events-lifecycle-test');
const topics: string[] = [];
let db: TestDatabase;
let producer: Producer;
const consumers: EventConsumer<ReturnType<typeof paymentCatalog>['paymentRequested']>[] = [];

/** A fresh one-partition topic (and DLQ) with its event definition and catalog. */
async function freshTopic() {
  const topic = uniqueName('events.lifecycle');
  topics.push(topic, deadLetterTopicOf(topic));
  await ensureTopics(kafka, [{ topic, partitions: 1 }]);
  return { topic, ...paymentCatalog(topic) };
}

async function effectsOf(eventId: string): Promise<number> {
  const { rowCount } = await db.pool.query('SELECT 1 FROM payments_applied WHERE event_id = $1', [
    eventId,
  ]);
  return rowCount ?? 0;
}

async function applyPayment(
  event: { id: string; payload: { paymentId: string; walletId: string } },
  tx: pg.PoolClient,
) {
  await tx.query(
    'INSERT INTO payments_applied (event_id, payment_id, wallet_id) VALUES ($1, $2, $3)',
    [event.id, event.payload.paymentId, event.payload.walletId],
  );
}

describe('event consumer lifecycle and faults', () => {
  beforeAll(async () => {
    db = await createTestDatabase('lifecycle', effectsSql);
    producer = rawProducer(kafka);
    await producer.connect();
  });

  afterAll(async () => {
    for (const consumer of consumers) await consumer.stop();
    await producer?.disconnect();
    await db?.drop();
    await deleteTopics(kafka, topics);
  });

  it('stopping during a retry backoff returns promptly and leaves the message to the next member of the group', async () => {
    const { topic, paymentRequested, catalog } = await freshTopic();
    const groupId = uniqueName('events-lifecycle-group');
    const first = createEnvelope(paymentRequested, {
      paymentId: 'first',
      walletId: 'w',
      amount: 1,
    });
    const stuck = createEnvelope(paymentRequested, {
      paymentId: 'stuck',
      walletId: 'w',
      amount: 1,
    });
    const leaving = new EventConsumer({
      kafka,
      pool: db.pool,
      groupId,
      catalog,
      backoffMs: 30_000,
      handlers: {
        'payment.requested': async (event, tx) => {
          if (event.payload.paymentId === 'stuck') throw new Error('downstream is down');
          await applyPayment(event, tx);
        },
      },
    });
    consumers.push(leaving);
    await leaving.start();
    await producer.send({ topic, messages: [encodeEvent(first), encodeEvent(stuck)] });
    await waitFor('the stuck event to wait for its first retry', () => leaving.stats.retries === 1);

    const stopping = Date.now();
    await leaving.stop();
    // The backoff is 30 s; a stop that waited it out would take that long.
    expect(Date.now() - stopping).toBeLessThan(10_000);
    expect(await effectsOf(first.id)).toBe(1);

    const successor = new EventConsumer({
      kafka,
      pool: db.pool,
      groupId,
      catalog,
      handlers: { 'payment.requested': applyPayment },
    });
    consumers.push(successor);
    await successor.start();
    await waitFor(
      'the successor to apply the stuck event',
      async () => (await effectsOf(stuck.id)) === 1,
    );
    // It resumed exactly at the stuck event: the first one was committed and is not seen again.
    expect(successor.stats).toMatchObject({ processed: 1, duplicates: 0, deadLettered: 0 });
    expect(await messageCount(kafka, deadLetterTopicOf(topic))).toBe(0);
  });

  it('Postgres refusing connections uses up no attempts and dead-letters nothing; the event is applied when it answers', async () => {
    const { topic, paymentRequested, catalog } = await freshTopic();
    let refusals = 3;
    // The shared server must not be stopped, so the outage is a pool whose first connects fail.
    const flakyPool = new Proxy(db.pool, {
      get(target, property, receiver) {
        if (property !== 'connect') return Reflect.get(target, property, receiver);
        return async () => {
          if (refusals > 0) {
            refusals -= 1;
            throw Object.assign(new Error('connect ECONNREFUSED (simulated)'), {
              code: 'ECONNREFUSED',
            });
          }
          return target.connect();
        };
      },
    });
    const consumer = new EventConsumer({
      kafka,
      pool: flakyPool,
      groupId: uniqueName('events-lifecycle-group'),
      catalog,
      // One attempt: if an outage counted as a handler failure, the event would be dead-lettered.
      maxAttempts: 1,
      backoffMs: 20,
      handlers: { 'payment.requested': applyPayment },
    });
    consumers.push(consumer);
    await consumer.start();
    const event = createEnvelope(paymentRequested, { paymentId: 'p', walletId: 'w', amount: 1 });
    await producer.send({ topic, messages: [encodeEvent(event)] });

    await waitFor('the event to be applied', async () => (await effectsOf(event.id)) === 1);
    expect(refusals).toBe(0);
    expect(consumer.stats).toMatchObject({ processed: 1, retries: 0, deadLettered: 0 });
    expect(await messageCount(kafka, deadLetterTopicOf(topic))).toBe(0);
  });
});
