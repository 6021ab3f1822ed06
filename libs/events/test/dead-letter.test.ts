import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createEnvelope,
  DeadLetterHeader,
  deadLetterTopicOf,
  EventConsumer,
  encodeEvent,
  ensureTopics,
  headerText,
} from '../src/index.ts';
import { DeadLetterReader } from './support/dead-letter-reader.ts';
import { uniqueName, waitFor } from './support/names.ts';
import { effectsSql, paymentCatalog } from './support/payment-events.ts';
import { createTestDatabase, type TestDatabase } from './support/test-database.ts';
import { deleteTopics, rawProducer, testKafka } from './support/test-kafka.ts';

const kafka = testKafka('events-dlq-test');
const topic = uniqueName('events.dlq-test');
const dlq = deadLetterTopicOf(topic);
const { paymentRequested, catalog } = paymentCatalog(topic);

let db: TestDatabase;
let producer: Producer;
let consumer: EventConsumer<typeof paymentRequested>;
let deadLetters: DeadLetterReader;

describe('dead-lettering messages that are not valid events', () => {
  beforeAll(async () => {
    db = await createTestDatabase('dlq', effectsSql);
    await ensureTopics(kafka, [{ topic, partitions: 1 }]);
    producer = rawProducer(kafka);
    await producer.connect();
    deadLetters = new DeadLetterReader(kafka, dlq);
    await deadLetters.start();
    consumer = new EventConsumer({
      kafka,
      pool: db.pool,
      groupId: uniqueName('events-dlq-group'),
      catalog,
      handlers: {
        'payment.requested': async (event, tx) => {
          await tx.query(
            'INSERT INTO payments_applied (event_id, payment_id, wallet_id) VALUES ($1, $2, $3)',
            [event.id, event.payload.paymentId, event.payload.walletId],
          );
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

  it('not JSON, a failing payload, an unknown type and an unknown version each land in <topic>.dlq with their reason, and the next valid event is processed', async () => {
    const walletId = uniqueName('wallet');
    const valid = createEnvelope(paymentRequested, {
      paymentId: uniqueName('ok'),
      walletId,
      amount: 1,
    });
    const failing = {
      ...valid,
      id: crypto.randomUUID(),
      payload: { ...valid.payload, amount: 'a lot' },
    };
    const unknownType = { ...valid, id: crypto.randomUUID(), type: 'payment.teleported' };
    const unknownVersion = { ...valid, id: crypto.randomUUID(), version: 7 };
    const bad = [
      { name: 'not-json', value: '{"id": oops', reason: 'invalid', code: 'EVENT_MALFORMED' },
      { name: 'failing', value: JSON.stringify(failing), reason: 'invalid', code: 'EVENT_INVALID' },
      {
        name: 'unknown-type',
        value: JSON.stringify(unknownType),
        reason: 'unknown-type',
        code: 'EVENT_UNKNOWN_TYPE',
      },
      {
        name: 'unknown-version',
        value: JSON.stringify(unknownVersion),
        reason: 'unknown-type',
        code: 'EVENT_UNKNOWN_TYPE',
      },
    ];
    // One key, one partition: the valid event is queued behind every bad one.
    await producer.send({
      topic,
      messages: [
        ...bad.map(({ name, value }) => ({ key: walletId, value, headers: { 'test-case': name } })),
        encodeEvent(valid),
      ],
    });

    await waitFor('the valid event after the bad ones', async () => {
      const { rowCount } = await db.pool.query(
        'SELECT 1 FROM payments_applied WHERE event_id = $1',
        [valid.id],
      );
      return rowCount === 1;
    });
    for (const { name, value, reason, code } of bad) {
      const letter = await deadLetters.waitFor('test-case', name);
      expect({ name, reason: headerText(letter.headers, DeadLetterHeader.reason) }).toEqual({
        name,
        reason,
      });
      expect(headerText(letter.headers, DeadLetterHeader.errorCode)).toBe(code);
      expect(headerText(letter.headers, DeadLetterHeader.attempts)).toBe('0');
      expect(headerText(letter.headers, DeadLetterHeader.originalTopic)).toBe(topic);
      expect(letter.key?.toString()).toBe(walletId);
      expect(letter.value?.toString()).toBe(value);
    }
    expect(consumer.stats.deadLettered).toBe(bad.length);
    expect(consumer.stats.processed).toBe(1);
  });
});
