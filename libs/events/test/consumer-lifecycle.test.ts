import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
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
import {
  committedOffset,
  deleteTopics,
  messageCount,
  rawProducer,
  testKafka,
} from './support/test-kafka.ts';

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
  event: { id: string; payload: { paymentId: string; walletId: string; seq?: number } },
  tx: pg.PoolClient,
) {
  await tx.query(
    'INSERT INTO payments_applied (event_id, payment_id, wallet_id, seq) VALUES ($1, $2, $3, $4)',
    [event.id, event.payload.paymentId, event.payload.walletId, event.payload.seq ?? null],
  );
}

/** The seq of every effect on `walletId`, in the order they were applied. */
/** The next owner of `groupId`'s partitions: a consumer that applies each payment, started. */
async function startSuccessor(
  groupId: string,
  catalog: ReturnType<typeof paymentCatalog>['catalog'],
): Promise<EventConsumer<ReturnType<typeof paymentCatalog>['paymentRequested']>> {
  const successor = new EventConsumer({
    kafka,
    pool: db.pool,
    groupId,
    catalog,
    handlers: { 'payment.requested': applyPayment },
  });
  consumers.push(successor);
  await successor.start();
  return successor;
}

async function seqsOf(walletId: string): Promise<number[]> {
  const { rows } = await db.pool.query<{ seq: number }>(
    'SELECT seq FROM payments_applied WHERE wallet_id = $1 ORDER BY n',
    [walletId],
  );
  return rows.map((row) => row.seq);
}

/** 1, 2, …, n. */
const upTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/**
 * Puts `count` events of one new wallet, seq 1 to count, on `topic` before any consumer
 * reads it, so a consumer starting afterwards gets them in long batches.
 */
async function produceBacklog(
  topic: string,
  paymentRequested: ReturnType<typeof paymentCatalog>['paymentRequested'],
  count: number,
): Promise<string> {
  const walletId = uniqueName('wallet');
  await producer.send({
    topic,
    messages: upTo(count).map((seq) =>
      encodeEvent(
        createEnvelope(paymentRequested, {
          paymentId: `${walletId}-${seq}`,
          walletId,
          amount: 1,
          seq,
        }),
      ),
    ),
  });
  return walletId;
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

    const successor = await startSuccessor(groupId, catalog);
    await waitFor(
      'the successor to apply the stuck event',
      async () => (await effectsOf(stuck.id)) === 1,
    );
    // It resumed exactly at the stuck event: the first one was committed and is not seen again.
    expect(successor.stats).toMatchObject({ processed: 1, duplicates: 0, deadLettered: 0 });
    expect(await messageCount(kafka, deadLetterTopicOf(topic))).toBe(0);
  });

  it('stopping mid-batch lets the message in flight finish, starts none after it and commits what is done; the successor resumes right after it', async () => {
    const { topic, paymentRequested, catalog } = await freshTopic();
    const groupId = uniqueName('events-lifecycle-group');
    const total = 200;
    const stopAt = 50;
    const walletId = await produceBacklog(topic, paymentRequested, total);
    let started = 0;
    let stopping: Promise<void> | undefined;
    const leaving = new EventConsumer({
      kafka,
      pool: db.pool,
      groupId,
      catalog,
      handlers: {
        'payment.requested': async (event, tx) => {
          started += 1;
          if (started === stopAt) {
            stopping = leaving.stop();
            // The stop arrives while this message is in flight; it must still finish.
            await new Promise((resolve) => setTimeout(resolve, 200));
          }
          await applyPayment(event, tx);
        },
      },
    });
    consumers.push(leaving);
    await leaving.start();
    await waitFor('the stop mid-batch', () => stopping !== undefined);
    await stopping;

    expect(started).toBe(stopAt);
    expect(await seqsOf(walletId)).toEqual(upTo(stopAt));
    expect(await committedOffset(kafka, groupId, topic)).toBe(stopAt);

    const successor = await startSuccessor(groupId, catalog);
    await waitFor('the successor to finish the backlog', async () => {
      return (await committedOffset(kafka, groupId, topic)) === total;
    });
    expect(successor.stats).toMatchObject({ processed: total - stopAt, duplicates: 0 });
    expect(await seqsOf(walletId)).toEqual(upTo(total));
  });

  it('a consumer killed mid-batch leaves only its uncommitted tail to be redelivered, and the successor applies none of it twice', async () => {
    const { topic, paymentRequested, catalog } = await freshTopic();
    const groupId = uniqueName('events-lifecycle-group');
    const total = 300;
    const killAfter = 250;
    const walletId = await produceBacklog(topic, paymentRequested, total);
    const script = fileURLToPath(new URL('./support/killed-consumer.ts', import.meta.url));
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--conditions=lockstep-source',
        script,
        topic,
        groupId,
        db.name,
        String(killAfter),
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const [, signal] = await once(child, 'exit');
    expect(signal, stderr).toBe('SIGKILL');

    const committed = await committedOffset(kafka, groupId, topic);
    // It committed during its batch, but never past the message it died after.
    expect(committed).toBeGreaterThan(0);
    expect(committed).toBeLessThan(killAfter);
    expect(await seqsOf(walletId)).toEqual(upTo(killAfter));

    const successor = await startSuccessor(groupId, catalog);
    await waitFor(
      'the successor to finish the backlog',
      () => successor.stats.processed + successor.stats.duplicates === total - committed,
      30_000,
    );
    // Redelivered from the committed offset: the applied part of the tail is skipped.
    expect(successor.stats).toMatchObject({
      processed: total - killAfter,
      duplicates: killAfter - committed,
      deadLettered: 0,
    });
    expect(await seqsOf(walletId)).toEqual(upTo(total));
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
