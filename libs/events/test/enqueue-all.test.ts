import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventInvalidError, enqueueAll } from '../src/index.ts';
import { uniqueName } from './support/names.ts';
import { paymentCatalog } from './support/payment-events.ts';
import { createTestDatabase, type TestDatabase } from './support/test-database.ts';
import { installTestTracing, uninstallTestTracing } from './support/tracing.ts';

const { paymentRequested } = paymentCatalog(uniqueName('events.enqueue-all'));

let db: TestDatabase;

interface OutboxRow {
  id: string;
  key: string;
  payload: { paymentId: string; seq: number };
  headers: Record<string, string>;
}

async function outboxRows(): Promise<OutboxRow[]> {
  const { rows } = await db.pool.query<OutboxRow>(
    'SELECT id, key, payload, headers FROM outbox ORDER BY seq',
  );
  return rows;
}

describe('enqueueAll', () => {
  beforeAll(async () => {
    installTestTracing();
    db = await createTestDatabase('enqueue_all');
  });

  afterAll(async () => {
    uninstallTestTracing();
    await db?.drop();
  });

  it('writes a batch in one statement, in the given order, each row with its own trace context', async () => {
    await db.pool.query('TRUNCATE outbox');
    const tracer = trace.getTracer('enqueue-all-test');
    // Three "requests", each with a span of its own, served by one batch outside all of them.
    const requests = ['first', 'second', 'third'].map((name) => tracer.startSpan(name));
    const items = requests.map((span, seq) => ({
      payload: { paymentId: `p-${seq}`, walletId: 'w-1', amount: 100 + seq, seq },
      options: { traceContext: trace.setSpan(ROOT_CONTEXT, span) },
    }));
    let statements = 0;
    const counting = {
      query: (text: string, values?: unknown[]) => {
        statements += 1;
        return db.pool.query(text, values);
      },
    };

    const envelopes = await enqueueAll(counting, paymentRequested, items);

    expect(statements).toBe(1);
    const rows = await outboxRows();
    expect(rows.map((row) => row.payload.seq)).toEqual([0, 1, 2]);
    expect(rows.map((row) => row.id)).toEqual(envelopes.map((envelope) => envelope.id));
    rows.forEach((row, i) => {
      const traceId = requests[i]?.spanContext().traceId;
      expect(row.headers.traceparent).toContain(traceId);
    });
    for (const span of requests) span.end();
  });

  it('writes nothing when one payload is invalid, and names it', async () => {
    await db.pool.query('TRUNCATE outbox');
    const items = [
      { payload: { paymentId: 'p-ok', walletId: 'w-1', amount: 100 } },
      { payload: { paymentId: 'p-bad', walletId: 'w-1', amount: -5 } },
    ];

    await expect(enqueueAll(db.pool, paymentRequested, items)).rejects.toBeInstanceOf(
      EventInvalidError,
    );
    expect(await outboxRows()).toEqual([]);
  });

  it('an empty batch writes nothing and sends no statement', async () => {
    let statements = 0;
    const counting = {
      query: async () => {
        statements += 1;
        return { rowCount: 0 };
      },
    };
    expect(await enqueueAll(counting, paymentRequested, [])).toEqual([]);
    expect(statements).toBe(0);
  });
});
