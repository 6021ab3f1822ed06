import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createEnvelope,
  DeadLetterHeader,
  deadLetterTopicOf,
  EventConsumer,
  type EventEnvelope,
  EventHeader,
  EventMismatchError,
  encodeEvent,
  ensureTopics,
  headerText,
} from '../src/index.ts';
import { DeadLetterReader } from './support/dead-letter-reader.ts';
import { uniqueName, waitFor } from './support/names.ts';
import { effectsSql, paymentCatalog } from './support/payment-events.ts';
import { createTestDatabase, type TestDatabase } from './support/test-database.ts';
import { deleteTopics, rawProducer, testKafka } from './support/test-kafka.ts';

const kafka = testKafka('events-checked-test');
const topic = uniqueName('events.checked');
const dlq = deadLetterTopicOf(topic);
const consumerName = 'ledger';
const { paymentRequested, catalog } = paymentCatalog(topic);

/** The amount the handler's "records" hold for every payment; another one is a mismatch. */
const recordedAmount = 1_000;

let db: TestDatabase;
let producer: Producer;
let consumer: EventConsumer<typeof paymentRequested>;
let deadLetters: DeadLetterReader;

/** The effect rows of one event id (the handler writes one per applied event). */
async function effectsOf(eventId: string): Promise<Array<{ walletId: string }>> {
  const { rows } = await db.pool.query<{ walletId: string }>(
    'SELECT wallet_id AS "walletId" FROM payments_applied WHERE event_id = $1 ORDER BY n',
    [eventId],
  );
  return rows;
}

async function recordedDigest(eventId: string): Promise<string | null | undefined> {
  const { rows } = await db.pool.query<{ digest: string | null }>(
    'SELECT digest FROM processed_events WHERE consumer = $1 AND event_id = $2',
    [consumerName, eventId],
  );
  return rows[0]?.digest;
}

/** A payment on a wallet of its own, so its key (and partition) is the test's alone. */
function payment(walletId = uniqueName('wallet'), amount = recordedAmount) {
  return createEnvelope(paymentRequested, { paymentId: uniqueName('pay'), walletId, amount });
}

/**
 * Publishes `values` as messages of `envelope` (its key and event headers, the value as given),
 * then a marker on the same key, and waits until the marker is applied.
 */
async function publishThenMarker(envelope: EventEnvelope, values: string[]): Promise<void> {
  const walletId = String((envelope.payload as { walletId: string }).walletId);
  const marker = payment(walletId);
  const { key, headers } = encodeEvent(envelope);
  await producer.send({
    topic,
    messages: [...values.map((value) => ({ key, value, headers })), encodeEvent(marker)],
  });
  await waitFor('the marker behind it', async () => (await effectsOf(marker.id)).length === 1);
}

describe('events checked against what was processed and what was asked for', () => {
  beforeAll(async () => {
    db = await createTestDatabase('checked', effectsSql);
    await ensureTopics(kafka, [{ topic, partitions: 2 }]);
    producer = rawProducer(kafka);
    await producer.connect();
    deadLetters = new DeadLetterReader(kafka, dlq);
    await deadLetters.start();
    consumer = new EventConsumer({
      kafka,
      pool: db.pool,
      groupId: uniqueName('events-checked-group'),
      consumerName,
      catalog,
      backoffMs: 20,
      handlers: {
        'payment.requested': async (event, tx) => {
          const { paymentId, walletId, amount } = event.payload;
          // The effect goes in first so a dead-lettered event proves its rollback undoes it.
          await tx.query(
            'INSERT INTO payments_applied (event_id, payment_id, wallet_id) VALUES ($1, $2, $3)',
            [event.id, paymentId, walletId],
          );
          if (amount !== recordedAmount) {
            throw new EventMismatchError(event.type, {
              field: 'amount',
              expected: recordedAmount,
              got: amount,
              subject: `payment ${paymentId}`,
            });
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

  it('the same event id with the same content, its keys in another order, is a duplicate: one effect, no dead letter', async () => {
    const envelope = payment();
    const reordered = JSON.stringify({
      ...envelope,
      payload: {
        amount: envelope.payload.amount,
        walletId: envelope.payload.walletId,
        paymentId: envelope.payload.paymentId,
      },
    });
    const duplicatesBefore = consumer.stats.duplicates;
    await publishThenMarker(envelope, [
      JSON.stringify(envelope),
      reordered,
      JSON.stringify(envelope),
    ]);
    expect(consumer.stats.duplicates - duplicatesBefore).toBe(2);
    expect(await effectsOf(envelope.id)).toHaveLength(1);
    expect(await recordedDigest(envelope.id)).toMatch(/^[0-9a-f]{64}$/);
    expect(deadLetters.where(EventHeader.id, envelope.id)).toHaveLength(0);
  });

  it('the same event id with other content is dead-lettered with EVENT_ID_CONFLICT and changes nothing', async () => {
    const first = payment();
    const walletId = first.payload.walletId;
    const forged = { ...first, payload: { ...first.payload, walletId: uniqueName('thief') } };
    const deadLetteredBefore = consumer.stats.deadLettered;
    await publishThenMarker(first, [JSON.stringify(first)]);
    const digest = await recordedDigest(first.id);
    await publishThenMarker(first, [JSON.stringify(forged)]);

    const letter = await deadLetters.waitFor(EventHeader.id, first.id);
    expect(headerText(letter.headers, DeadLetterHeader.reason)).toBe('id-conflict');
    expect(headerText(letter.headers, DeadLetterHeader.errorCode)).toBe('EVENT_ID_CONFLICT');
    expect(headerText(letter.headers, DeadLetterHeader.attempts)).toBe('1');
    expect(headerText(letter.headers, DeadLetterHeader.error)).toContain(first.id);
    expect(JSON.parse(letter.value?.toString() ?? '')).toEqual(forged);
    expect(consumer.stats.deadLettered - deadLetteredBefore).toBe(1);
    // The first content's effect and record stand; the forged one left nothing.
    expect(await effectsOf(first.id)).toEqual([{ walletId }]);
    expect(await recordedDigest(first.id)).toBe(digest);
  });

  it('a record from before digests were kept counts as the same content: a redelivery is a duplicate', async () => {
    const envelope = payment();
    await db.pool.query('INSERT INTO processed_events (consumer, event_id) VALUES ($1, $2)', [
      consumerName,
      envelope.id,
    ]);
    const duplicatesBefore = consumer.stats.duplicates;
    await publishThenMarker(envelope, [JSON.stringify(envelope)]);
    expect(consumer.stats.duplicates - duplicatesBefore).toBe(1);
    expect(await effectsOf(envelope.id)).toHaveLength(0);
    expect(await recordedDigest(envelope.id)).toBeNull();
    expect(deadLetters.where(EventHeader.id, envelope.id)).toHaveLength(0);
  });

  it('a handler throwing EventMismatchError is dead-lettered at once with EVENT_MISMATCH, the field, expected and got, and changes nothing', async () => {
    const envelope = payment(uniqueName('wallet'), 1);
    await publishThenMarker(envelope, [JSON.stringify(envelope)]);

    const letter = await deadLetters.waitFor(EventHeader.id, envelope.id);
    expect(headerText(letter.headers, DeadLetterHeader.reason)).toBe('mismatch');
    expect(headerText(letter.headers, DeadLetterHeader.errorCode)).toBe('EVENT_MISMATCH');
    expect(headerText(letter.headers, DeadLetterHeader.attempts)).toBe('1');
    expect(headerText(letter.headers, DeadLetterHeader.error)).toContain(
      'amount expected 1000, got 1',
    );
    expect(await effectsOf(envelope.id)).toHaveLength(0);
    expect(await recordedDigest(envelope.id)).toBeUndefined();
  });
});
