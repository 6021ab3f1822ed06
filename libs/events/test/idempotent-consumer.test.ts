import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createEnvelope,
  DeadLetterHeader,
  deadLetterTopicOf,
  EventConsumer,
  EventHeader,
  encodeEvent,
  ensureTopics,
  headerText,
  NonRetryableError,
} from '../src/index.ts';
import { DeadLetterReader } from './support/dead-letter-reader.ts';
import { uniqueName, waitFor } from './support/names.ts';
import { effectsSql, paymentCatalog } from './support/payment-events.ts';
import { createTestDatabase, type TestDatabase } from './support/test-database.ts';
import { deleteTopics, rawProducer, testKafka } from './support/test-kafka.ts';

const kafka = testKafka('events-idempotent-test');
const topic = uniqueName('events.idempotent');
const dlq = deadLetterTopicOf(topic);
const consumerName = 'billing';
const maxAttempts = 4;
const { paymentRequested, catalog } = paymentCatalog(topic);

/**
 * How the handler treats a payment, chosen by its id prefix: `ok-` applies, `flaky-` fails its
 * first two attempts, `broken-` fails every attempt, `refused-` throws NonRetryableError,
 * `swallow-` catches a failed statement and returns as if all went well. `elsewhere-` concerns
 * another consumer: the consumer's `relevant` says so, and the handler must never see it.
 */
const attemptsByPayment = new Map<string, number>();
/** The attempts whose after-commit callback ran, by payment id. */
const committedAttempts = new Map<string, number[]>();

let db: TestDatabase;
let producer: Producer;
let consumer: EventConsumer<typeof paymentRequested>;
let deadLetters: DeadLetterReader;

async function effectsOf(paymentId: string): Promise<number> {
  const { rowCount } = await db.pool.query('SELECT 1 FROM payments_applied WHERE payment_id = $1', [
    paymentId,
  ]);
  return rowCount ?? 0;
}

/** Publishes a new event straight to Kafka (no outbox) and returns its envelope. */
async function publish(paymentId: string) {
  const envelope = createEnvelope(paymentRequested, {
    paymentId,
    walletId: uniqueName('wallet'),
    amount: 10,
  });
  await producer.send({ topic, messages: [encodeEvent(envelope)] });
  return envelope;
}

describe('idempotent event consumer', () => {
  beforeAll(async () => {
    db = await createTestDatabase('idempotent', effectsSql);
    await ensureTopics(kafka, [{ topic, partitions: 2 }]);
    producer = rawProducer(kafka);
    await producer.connect();
    deadLetters = new DeadLetterReader(kafka, dlq);
    await deadLetters.start();
    consumer = new EventConsumer({
      kafka,
      pool: db.pool,
      groupId: uniqueName('events-idempotent-group'),
      consumerName,
      catalog,
      maxAttempts,
      backoffMs: 20,
      relevant: (event) => !event.payload.paymentId.startsWith('elsewhere-'),
      handlers: {
        'payment.requested': async (event, tx, delivery) => {
          const { paymentId, walletId } = event.payload;
          attemptsByPayment.set(paymentId, delivery.attempt);
          delivery.afterCommit(() =>
            committedAttempts.set(paymentId, [
              ...(committedAttempts.get(paymentId) ?? []),
              delivery.attempt,
            ]),
          );
          // The effect goes in first so a failing attempt proves its rollback undoes it.
          await tx.query(
            'INSERT INTO payments_applied (event_id, payment_id, wallet_id) VALUES ($1, $2, $3)',
            [event.id, paymentId, walletId],
          );
          if (paymentId.startsWith('flaky-') && delivery.attempt <= 2)
            throw new Error('gateway timeout');
          if (paymentId.startsWith('broken-')) throw new Error('ledger is read-only');
          if (paymentId.startsWith('refused-')) throw new NonRetryableError('wallet is closed');
          if (paymentId.startsWith('swallow-')) {
            await tx.query('SELECT 1 / 0').catch(() => undefined);
          }
        },
      },
    });
    await consumer.start();
  });

  afterAll(async () => {
    await consumer?.stop();
    await deadLetters?.stop();
    await producer?.disconnect();
    await db?.drop();
    await deleteTopics(kafka, [topic, dlq]);
  });

  it('the same message delivered twice has exactly one effect', async () => {
    const envelope = createEnvelope(paymentRequested, {
      paymentId: uniqueName('ok'),
      walletId: 'w-dup',
      amount: 7,
    });
    const message = encodeEvent(envelope);
    const duplicatesBefore = consumer.stats.duplicates;
    await producer.send({ topic, messages: [message] });
    await producer.send({ topic, messages: [message] });

    await waitFor(
      'the redelivery to be skipped',
      () => consumer.stats.duplicates === duplicatesBefore + 1,
    );
    expect(await effectsOf(envelope.payload.paymentId)).toBe(1);
    const recorded = await db.pool.query(
      'SELECT 1 FROM processed_events WHERE consumer = $1 AND event_id = $2',
      [consumerName, envelope.id],
    );
    expect(recorded.rowCount).toBe(1);
  });

  it('an event that is not relevant to the consumer runs nothing and leaves no dedupe record; the next one is applied', async () => {
    const ignoredBefore = consumer.stats.ignored;
    const elsewhere = await publish(uniqueName('elsewhere'));
    const ok = await publish(uniqueName('ok'));
    await waitFor(
      'both to be consumed',
      async () =>
        (await effectsOf(ok.payload.paymentId)) === 1 && consumer.stats.ignored > ignoredBefore,
    );
    expect(attemptsByPayment.has(elsewhere.payload.paymentId)).toBe(false);
    expect(await effectsOf(elsewhere.payload.paymentId)).toBe(0);
    const recorded = await db.pool.query(
      'SELECT event_id FROM processed_events WHERE consumer = $1 AND event_id = ANY($2::uuid[])',
      [consumerName, [elsewhere.id, ok.id]],
    );
    expect(recorded.rows).toEqual([{ event_id: ok.id }]);
  });

  it('a handler failing twice then succeeding has one effect and sends nothing to the dead-letter topic', async () => {
    const deadLetteredBefore = consumer.stats.deadLettered;
    const retriesBefore = consumer.stats.retries;
    const envelope = await publish(uniqueName('flaky'));

    await waitFor(
      'the third attempt to commit',
      async () => (await effectsOf(envelope.payload.paymentId)) > 0,
    );
    expect(attemptsByPayment.get(envelope.payload.paymentId)).toBe(3);
    expect(await effectsOf(envelope.payload.paymentId)).toBe(1);
    expect(consumer.stats.retries - retriesBefore).toBe(2);
    expect(consumer.stats.deadLettered).toBe(deadLetteredBefore);
    expect(deadLetters.where(EventHeader.id, envelope.id)).toHaveLength(0);
  });

  it('after-commit callbacks run once, for the attempt that committed: not for rolled-back attempts, duplicates or dead letters', async () => {
    const flaky = await publish(uniqueName('flaky'));
    const broken = await publish(uniqueName('broken'));
    const ok = createEnvelope(paymentRequested, {
      paymentId: uniqueName('ok'),
      walletId: 'w-after-commit',
      amount: 3,
    });
    const duplicatesBefore = consumer.stats.duplicates;
    await producer.send({ topic, messages: [encodeEvent(ok)] });
    await producer.send({ topic, messages: [encodeEvent(ok)] });
    await waitFor(
      'the flaky payment to commit',
      async () => (await effectsOf(flaky.payload.paymentId)) === 1,
    );
    await deadLetters.waitFor(EventHeader.id, broken.id);
    await waitFor(
      'the duplicate to be skipped',
      () => consumer.stats.duplicates > duplicatesBefore,
    );
    expect(committedAttempts.get(flaky.payload.paymentId)).toEqual([3]);
    expect(committedAttempts.get(ok.payload.paymentId)).toEqual([1]);
    expect(committedAttempts.has(broken.payload.paymentId)).toBe(false);
  });

  it('a handler failing every attempt is dead-lettered after maxAttempts with its original message, and the next event is processed', async () => {
    const envelope = await publish(uniqueName('broken'));
    const next = await publish(uniqueName('ok'));
    const letter = await deadLetters.waitFor(EventHeader.id, envelope.id);

    expect(headerText(letter.headers, DeadLetterHeader.reason)).toBe('handler-failed');
    expect(headerText(letter.headers, DeadLetterHeader.attempts)).toBe(String(maxAttempts));
    expect(headerText(letter.headers, DeadLetterHeader.error)).toBe('ledger is read-only');
    expect(headerText(letter.headers, DeadLetterHeader.consumer)).toBe(consumerName);
    expect(headerText(letter.headers, DeadLetterHeader.originalTopic)).toBe(topic);
    expect(headerText(letter.headers, DeadLetterHeader.originalOffset)).toMatch(/^\d+$/);
    expect(headerText(letter.headers, EventHeader.type)).toBe('payment.requested');
    expect(letter.key?.toString()).toBe(envelope.key);
    expect(JSON.parse(letter.value?.toString() ?? '')).toEqual(envelope);
    expect(attemptsByPayment.get(envelope.payload.paymentId)).toBe(maxAttempts);
    expect(await effectsOf(envelope.payload.paymentId)).toBe(0);

    await waitFor('the next event', async () => (await effectsOf(next.payload.paymentId)) === 1);
  });

  it('a handler throwing NonRetryableError is dead-lettered after one attempt with EVENT_NON_RETRYABLE', async () => {
    const envelope = await publish(uniqueName('refused'));
    const letter = await deadLetters.waitFor(EventHeader.id, envelope.id);

    expect(headerText(letter.headers, DeadLetterHeader.reason)).toBe('non-retryable');
    expect(headerText(letter.headers, DeadLetterHeader.errorCode)).toBe('EVENT_NON_RETRYABLE');
    expect(headerText(letter.headers, DeadLetterHeader.attempts)).toBe('1');
    expect(attemptsByPayment.get(envelope.payload.paymentId)).toBe(1);
    expect(await effectsOf(envelope.payload.paymentId)).toBe(0);
  });

  it('a handler that swallows a failed statement is not taken as applied: it is retried, then dead-lettered', async () => {
    const envelope = await publish(uniqueName('swallow'));
    const letter = await deadLetters.waitFor(EventHeader.id, envelope.id);

    expect(headerText(letter.headers, DeadLetterHeader.reason)).toBe('handler-failed');
    expect(headerText(letter.headers, DeadLetterHeader.attempts)).toBe(String(maxAttempts));
    expect(await effectsOf(envelope.payload.paymentId)).toBe(0);
    const recorded = await db.pool.query('SELECT 1 FROM processed_events WHERE event_id = $1', [
      envelope.id,
    ]);
    expect(recorded.rowCount).toBe(0);
  });
});
