import { SpanKind, trace } from '@opentelemetry/api';
import type { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deadLetterTopicOf,
  type EnvelopeOf,
  EventConsumer,
  EventErrorCode,
  EventInvalidError,
  enqueue,
  ensureTopics,
  OutboxRelay,
} from '../src/index.ts';
import { uniqueName, waitFor } from './support/names.ts';
import { effectsSql, paymentCatalog } from './support/payment-events.ts';
import { createTestDatabase, inTransaction, type TestDatabase } from './support/test-database.ts';
import { deleteTopics, testKafka } from './support/test-kafka.ts';
import { installTestTracing, uninstallTestTracing } from './support/tracing.ts';

const kafka = testKafka('events-outbox-test');
const topic = uniqueName('events.outbox');
const { paymentRequested, catalog } = paymentCatalog(topic);
type PaymentRequested = EnvelopeOf<typeof paymentRequested>;

/** Everything the handler saw, in arrival order, with the trace id active while it ran. */
const handled: Array<{ event: PaymentRequested; traceId: string | undefined }> = [];

let db: TestDatabase;
let relay: OutboxRelay;
let consumer: EventConsumer<typeof paymentRequested>;
let spans: InMemorySpanExporter;

function handledFor(walletId: string) {
  return handled.filter(({ event }) => event.payload.walletId === walletId);
}

describe('outbox → relay → consumer', () => {
  beforeAll(async () => {
    spans = installTestTracing();
    db = await createTestDatabase('outbox', effectsSql);
    await ensureTopics(kafka, [{ topic, partitions: 3 }]);
    relay = new OutboxRelay({ kafka, pool: db.pool, pollIntervalMs: 200 });
    await relay.start();
    consumer = new EventConsumer({
      kafka,
      pool: db.pool,
      groupId: uniqueName('events-outbox-group'),
      catalog,
      handlers: {
        'payment.requested': async (event, tx) => {
          handled.push({ event, traceId: trace.getActiveSpan()?.spanContext().traceId });
          await tx.query(
            'INSERT INTO payments_applied (event_id, payment_id, wallet_id, seq) VALUES ($1, $2, $3, $4)',
            [event.id, event.payload.paymentId, event.payload.walletId, event.payload.seq ?? null],
          );
        },
      },
    });
    await consumer.start();
  });

  afterAll(async () => {
    await consumer?.stop();
    await relay?.stop();
    await db?.drop();
    await deleteTopics(kafka, [topic, deadLetterTopicOf(topic)]);
    uninstallTestTracing();
  });

  it('an event enqueued in a committed transaction is handled once, with its payload, in the producer trace', async () => {
    const walletId = uniqueName('wallet');
    const payload = { paymentId: uniqueName('payment'), walletId, amount: 250 };
    const tracer = trace.getTracer('events-test');
    const { envelope, producerSpan } = await tracer.startActiveSpan('checkout', async (span) => {
      const written = await inTransaction(db.pool, (tx) => enqueue(tx, paymentRequested, payload));
      span.end();
      return { envelope: written, producerSpan: span.spanContext() };
    });
    relay.wake();

    await waitFor('the handler to run', () => handledFor(walletId).length === 1);
    const [seen] = handledFor(walletId);
    expect(seen?.event).toEqual(envelope);
    expect(seen?.event.payload).toEqual(payload);
    expect(seen?.traceId).toBe(producerSpan.traceId);

    // The handler runs inside the span, which ends after the commit: wait for it to end.
    const findProcessSpan = () =>
      spans
        .getFinishedSpans()
        .find((span) => span.attributes['messaging.message.id'] === envelope.id);
    await waitFor('the process span to end', () => findProcessSpan() !== undefined);
    const processSpan = findProcessSpan();
    expect(processSpan?.name).toBe('payment.requested process');
    expect(processSpan?.kind).toBe(SpanKind.CONSUMER);
    expect(processSpan?.parentSpanContext?.spanId).toBe(producerSpan.spanId);
    expect(processSpan?.attributes['lockstep.event.outcome']).toBe('applied');

    const effects = await db.pool.query('SELECT 1 FROM payments_applied WHERE event_id = $1', [
      envelope.id,
    ]);
    expect(effects.rowCount).toBe(1);
    const outbox = await db.pool.query<{ published_at: Date | null }>(
      'SELECT published_at FROM outbox WHERE id = $1',
      [envelope.id],
    );
    expect(outbox.rows[0]?.published_at).toBeInstanceOf(Date);
  });

  it('enqueue refuses an invalid payload with EVENT_INVALID and writes nothing, not even in its transaction', async () => {
    const before = await db.pool.query('SELECT count(*)::int AS n FROM outbox');
    const error = await inTransaction(db.pool, async (tx) => {
      const refused = await enqueue(tx, paymentRequested, {
        paymentId: 'p',
        walletId: 'w',
        amount: -5,
      }).catch((caught: unknown) => caught);
      // The refusal must leave the caller's transaction usable: it can still commit.
      await tx.query('SELECT 1');
      return refused;
    });
    expect(error).toBeInstanceOf(EventInvalidError);
    expect((error as EventInvalidError).code).toBe(EventErrorCode.Invalid);
    expect((error as EventInvalidError).issues.map((issue) => issue.path)).toEqual(['amount']);
    const after = await db.pool.query('SELECT count(*)::int AS n FROM outbox');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('an event enqueued in a rolled-back transaction is never published', async () => {
    const walletId = uniqueName('wallet');
    const rolledBack = await inTransaction(db.pool, async (tx) => {
      await enqueue(tx, paymentRequested, { paymentId: 'p', walletId, amount: 1 });
      throw new Error('the business step failed');
    }).catch((error: unknown) => error);
    expect(rolledBack).toBeInstanceOf(Error);
    // A later event on the same key is handled; the rolled-back one never shows up before it.
    await inTransaction(db.pool, (tx) =>
      enqueue(tx, paymentRequested, { paymentId: 'q', walletId, amount: 2 }),
    );
    relay.wake();
    await waitFor('the committed event', () => handledFor(walletId).length === 1);
    expect(handledFor(walletId).map(({ event }) => event.payload.paymentId)).toEqual(['q']);
  });

  it('twenty events of one key, each enqueued in its own transaction, are handled in order', async () => {
    const walletId = uniqueName('wallet');
    for (let seq = 1; seq <= 20; seq++) {
      await inTransaction(db.pool, (tx) =>
        enqueue(tx, paymentRequested, {
          paymentId: `${walletId}-${seq}`,
          walletId,
          amount: seq,
          seq,
        }),
      );
      if (seq % 3 === 0) relay.wake();
    }
    relay.wake();
    await waitFor('all twenty events', () => handledFor(walletId).length === 20);
    expect(handledFor(walletId).map(({ event }) => event.payload.seq)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
  });

  it('twenty events of one key enqueued in a single transaction keep their order too', async () => {
    const walletId = uniqueName('wallet');
    await inTransaction(db.pool, async (tx) => {
      for (let seq = 1; seq <= 20; seq++) {
        await enqueue(tx, paymentRequested, {
          paymentId: `${walletId}-${seq}`,
          walletId,
          amount: seq,
          seq,
        });
      }
    });
    relay.wake();
    await waitFor('all twenty events', () => handledFor(walletId).length === 20);
    expect(handledFor(walletId).map(({ event }) => event.payload.seq)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
  });

  it('a topic Kafka refuses fails only its own rows, which are published once the topic exists', async () => {
    const missingTopic = uniqueName('events.outbox.late');
    const { paymentRequested: lateEvent } = paymentCatalog(missingTopic);
    // A client that gives up fast, so the failing tick does not take Kafka's full retry budget.
    const impatient = testKafka('events-outbox-impatient', { retries: 1, silent: true });
    const lateRelay = new OutboxRelay({ kafka: impatient, pool: db.pool, pollIntervalMs: 100 });
    const walletId = uniqueName('wallet');
    const late = await inTransaction(db.pool, (tx) =>
      enqueue(tx, lateEvent, { paymentId: 'late', walletId: 'w-late', amount: 1 }),
    );
    const onTime = await inTransaction(db.pool, (tx) =>
      enqueue(tx, paymentRequested, { paymentId: 'on-time', walletId, amount: 1 }),
    );
    // Only this relay runs, so its failure count is the topic's.
    await relay.stop();
    try {
      await lateRelay.start();
      await waitFor('the on-time event', () => handledFor(walletId).length === 1, 40_000);
      await waitFor('a failed publish', () => lateRelay.stats.failures > 0, 40_000);
      const pending = await db.pool.query('SELECT published_at FROM outbox WHERE id = $1', [
        late.id,
      ]);
      expect(pending.rows[0]?.published_at).toBeNull();

      await ensureTopics(kafka, [{ topic: missingTopic, partitions: 1 }], { deadLetter: false });
      await waitFor(
        'the late row to be published',
        async () =>
          (
            await db.pool.query('SELECT 1 FROM outbox WHERE id = $1 AND published_at IS NOT NULL', [
              late.id,
            ])
          ).rowCount === 1,
        40_000,
      );
      expect(handledFor(walletId)[0]?.event.id).toBe(onTime.id);
    } finally {
      await lateRelay.stop();
      await relay.start();
      await deleteTopics(kafka, [missingTopic]);
    }
  });
});
