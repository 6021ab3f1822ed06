import { mintDevelopmentToken } from '@lockstep/service-kit';
import {
  adminCall,
  bearerCall,
  call,
  errorCode,
  paymentResultsFor,
  publishResults,
  testKafka,
  uniqueName,
  waitFor,
} from '@lockstep/testkit';
import type { Producer } from 'kafkajs';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InventoryDeployment, startDeployment } from './support/replicas.ts';
import { stockOf } from './support/stock.ts';

const { failedFor } = paymentResultsFor('order');

const priceCents = 1_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const orderBody = (sku: string, customerId: string) => ({
  sku,
  quantity: 1,
  customerId,
  walletId: `w-${customerId}`,
  deliverTo: { lat: 1, lng: 2 },
});

const tokenOf = (customerId: string) =>
  mintDevelopmentToken({ subject: customerId, role: 'customer' });

async function order(base: string, customerId: string, sku: string) {
  const token = await tokenOf(customerId);
  return bearerCall<{ orderId: string }>(
    base,
    'POST',
    '/orders',
    token,
    orderBody(sku, customerId),
  );
}

/** An order whose client can hang up: aborting the fetch closes its connection. */
async function orderUntil(base: string, customerId: string, sku: string, signal: AbortSignal) {
  return fetch(`${base}/orders`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${await tokenOf(customerId)}`,
    },
    body: JSON.stringify(orderBody(sku, customerId)),
    signal,
  });
}

async function createSku(base: string, stock: number): Promise<string> {
  const sku = uniqueName('HOT').toUpperCase();
  const created = await adminCall(base, 'POST', '/skus', { sku, name: 'Hot', priceCents, stock });
  expect(created.status).toBe(201);
  return sku;
}

/**
 * Holds the SKU's row lock from a test connection: the replica's first batch takes the
 * ZooKeeper lock, claims its order and then waits on the row, so every later order for the
 * SKU queues behind it, exactly as behind a slow holder.
 */
async function holdSkuRow(pool: pg.Pool, sku: string): Promise<() => Promise<void>> {
  const client = await pool.connect();
  await client.query('BEGIN');
  await client.query('SELECT 1 FROM skus WHERE sku = $1 FOR UPDATE', [sku]);
  return async () => {
    await client.query('COMMIT');
    client.release();
  };
}

describe('hot-key coalescing on two inventory replicas', () => {
  let deployment: InventoryDeployment;
  const url = (i: number) => deployment.replicas[i]?.url ?? '';
  const stats = (i: number) => ({ ...deployment.replicas[i]?.reservations });

  beforeAll(async () => {
    deployment = await startDeployment(2, {
      ORDER_LOCK_WAIT_MS: '30000',
      SOLD_OUT_RECHECK_MS: '300',
    });
  });
  afterAll(async () => {
    await deployment?.stop();
  });

  it('orders queued at one replica are served in arrival order under one acquisition', async () => {
    const sku = await createSku(url(0), 5);
    const releaseRow = await holdSkuRow(deployment.pool, sku);
    const before = stats(0);
    const first = order(url(0), 'buyer-0', sku);
    await sleep(200);
    const rest: ReturnType<typeof order>[] = [];
    for (let i = 1; i < 10; i++) {
      rest.push(order(url(0), `buyer-${i}`, sku));
      await sleep(20);
    }
    await sleep(100);
    await releaseRow();
    const answers = await Promise.all([first, ...rest]);
    expect(answers.map((a) => `${a.status} ${errorCode(a) ?? ''}`.trim())).toEqual([
      ...Array(5).fill('201'),
      ...Array(5).fill('409 SOLD_OUT'),
    ]);
    const after = stats(0);
    // The first order alone, then the nine that queued behind it in one batch.
    expect((after.lockAcquisitions ?? 0) - (before.lockAcquisitions ?? 0)).toBe(2);
    expect(after.maxBatchSize).toBeGreaterThanOrEqual(9);
    expect(await stockOf(deployment.pool, sku)).toEqual({
      stocked: 5,
      available: 0,
      reserved: 5,
      sold: 0,
    });
  });

  it('an order the database refuses inside a batch fails alone; the rest of the batch is written', async () => {
    // Stands in for a request that slipped past validation: the database refuses one buyer's
    // row, so the batch's single multi-row insert fails and the batch falls back to one
    // insert per order, each in its own savepoint.
    await refusePoisonBuyer(deployment.pool);
    try {
      const sku = await createSku(url(0), 10);
      const releaseRow = await holdSkuRow(deployment.pool, sku);
      const first = order(url(0), 'lead-buyer', sku);
      await sleep(200);
      const queued = ['buyer-a', 'poison-buyer', 'buyer-b', 'buyer-c'].map((buyer) =>
        order(url(0), buyer, sku),
      );
      await sleep(200);
      await releaseRow();
      const answers = await Promise.all([first, ...queued]);
      expect(answers.map((a) => a.status)).toEqual([201, 201, 500, 201, 201]);
      expect(await stockOf(deployment.pool, sku)).toEqual({
        stocked: 10,
        available: 6,
        reserved: 4,
        sold: 0,
      });
      const { rows } = await deployment.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM outbox
          WHERE payload->'reference'->>'id' IN (SELECT order_id FROM orders WHERE sku = $1)`,
        [sku],
      );
      expect(rows[0]?.n).toBe(4);
    } finally {
      await allowEveryBuyer(deployment.pool);
    }
  });

  it('a lone order the database refuses fails without a trace, and the SKU serves the next one', async () => {
    // A batch of one skips the savepoint, so its failed insert aborts the whole transaction:
    // the stock and the outbox must still show nothing of it.
    await refusePoisonBuyer(deployment.pool);
    try {
      const sku = await createSku(url(0), 3);
      expect((await order(url(0), 'poison-buyer', sku)).status).toBe(500);
      expect(await stockOf(deployment.pool, sku)).toEqual({
        stocked: 3,
        available: 3,
        reserved: 0,
        sold: 0,
      });
      expect((await order(url(0), 'next-buyer', sku)).status).toBe(201);
      const { rows } = await deployment.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM outbox
          WHERE payload->'reference'->>'id' IN (SELECT order_id FROM orders WHERE sku = $1)`,
        [sku],
      );
      expect(rows[0]?.n).toBe(1);
      expect(await stockOf(deployment.pool, sku)).toMatchObject({ available: 2, reserved: 1 });
    } finally {
      await allowEveryBuyer(deployment.pool);
    }
  });

  it('a client that goes away while its order is queued is never served', async () => {
    const sku = await createSku(url(0), 10);
    const releaseRow = await holdSkuRow(deployment.pool, sku);
    const cancelledBefore = stats(0).cancelledWhileQueued ?? 0;
    const first = order(url(0), 'stays-1', sku);
    await sleep(200);
    const controller = new AbortController();
    const gone = orderUntil(url(0), 'goes-away', sku, controller.signal);
    await sleep(100);
    controller.abort();
    await expect(gone).rejects.toThrow();
    const third = order(url(0), 'stays-2', sku);
    await sleep(100);
    await releaseRow();
    expect((await first).status).toBe(201);
    expect((await third).status).toBe(201);
    await waitFor(
      'the cancellation counted',
      () => (stats(0).cancelledWhileQueued ?? 0) > cancelledBefore,
    );
    const { rows } = await deployment.pool.query<{ customer_id: string }>(
      'SELECT customer_id FROM orders WHERE sku = $1 ORDER BY customer_id',
      [sku],
    );
    expect(rows.map((r) => r.customer_id)).toEqual(['stays-1', 'stays-2']);
    expect(await stockOf(deployment.pool, sku)).toMatchObject({ available: 8, reserved: 2 });
  });

  it('a sold-out SKU is answered 409 without the lock or a read, and re-opens after another replica restocks', async () => {
    const sku = await createSku(url(0), 1);
    expect((await order(url(0), 'winner', sku)).status).toBe(201);
    // The first refusal reads the row and flags the SKU; the next ones are answered from memory.
    const refused = await order(url(0), 'late-0', sku);
    expect(errorCode(refused)).toBe('SOLD_OUT');
    const before = stats(0);
    for (let i = 1; i <= 20; i++) {
      const answer = await order(url(0), `late-${i}`, sku);
      expect(errorCode(answer)).toBe('SOLD_OUT');
    }
    const after = stats(0);
    expect((after.soldOutFastPath ?? 0) - (before.soldOutFastPath ?? 0)).toBeGreaterThan(0);
    expect(after.lockAcquisitions).toBe(before.lockAcquisitions);

    // Units released through the other replica: this one re-reads within SOLD_OUT_RECHECK_MS.
    expect((await adminCall(url(1), 'POST', `/skus/${sku}/restock`, { quantity: 1 })).status).toBe(
      200,
    );
    await sleep(350);
    expect((await order(url(0), 'after-restock', sku)).status).toBe(201);
    const audit = await adminCall<{ ok: boolean }>(url(0), 'GET', '/audit');
    expect(audit.body.ok).toBe(true);
  });
});

describe('sold-out fast path on one replica', () => {
  let deployment: InventoryDeployment;
  let producer: Producer;

  beforeAll(async () => {
    // A flag would last a minute on its own: only the replica's own release can re-open the SKU.
    deployment = await startDeployment(1, { SOLD_OUT_RECHECK_MS: '60000' });
    producer = testKafka('inventory-test').producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  });
  afterAll(async () => {
    await producer?.disconnect();
    await deployment?.stop();
  });

  it('a known sold-out SKU is refused before validation: only sku and quantity are read', async () => {
    const url = deployment.replicas[0]?.url ?? '';
    const sku = await createSku(url, 1);
    expect((await order(url, 'winner', sku)).status).toBe(201);
    expect(errorCode(await order(url, 'late', sku))).toBe('SOLD_OUT');
    const fastBefore = deployment.replicas[0]?.reservations.soldOutFastPath ?? 0;

    // No walletId, an extra field: the route would answer 400, the gate answers first.
    const body = { sku, quantity: 1, coupon: 'X' };
    const invalid = await bearerCall(url, 'POST', '/orders', await tokenOf('invalid'), body);
    expect(invalid.status).toBe(409);
    expect(invalid.body).toEqual({
      error: {
        code: 'SOLD_OUT',
        message: `SKU ${sku} has 0 units available, 1 requested`,
        details: { sku, requested: 1, available: 0 },
      },
    });
    // A quantity the schema refuses is not the gate's to judge: it gets the route's 400.
    const tooMany = await bearerCall(url, 'POST', '/orders', await tokenOf('greedy'), {
      ...orderBody(sku, 'greedy'),
      quantity: 11,
    });
    expect(errorCode(tooMany)).toBe('VALIDATION_FAILED');
    // Nor is a request without a bearer token: the gate verifies none, the route answers 401.
    expect(errorCode(await call(url, 'POST', '/orders', body))).toBe('AUTH_REQUIRED');
    expect(deployment.replicas[0]?.reservations.soldOutFastPath).toBe(fastBefore + 1);

    const { rows } = await deployment.pool.query(
      'SELECT count(*)::int AS n FROM orders WHERE sku = $1',
      [sku],
    );
    expect(rows[0].n).toBe(1);
    expect(await stockOf(deployment.pool, sku)).toMatchObject({ available: 0, reserved: 1 });
  });

  it('a payment.failed that releases a unit re-opens the SKU at once', async () => {
    const url = deployment.replicas[0]?.url ?? '';
    const sku = await createSku(url, 1);
    const won = await order(url, 'winner', sku);
    expect(won.status).toBe(201);
    expect(errorCode(await order(url, 'late-1', sku))).toBe('SOLD_OUT');
    const fastBefore = deployment.replicas[0]?.reservations.soldOutFastPath ?? 0;
    expect(errorCode(await order(url, 'late-2', sku))).toBe('SOLD_OUT');
    expect(deployment.replicas[0]?.reservations.soldOutFastPath).toBe(fastBefore + 1);

    await publishResults(producer, [failedFor(won.body.orderId, priceCents, 'w-winner')]);
    await waitFor(
      'the unit released',
      async () => (await stockOf(deployment.pool, sku)).available === 1,
    );
    expect((await order(url, 'next-buyer', sku)).status).toBe(201);
    const audit = await adminCall<{ ok: boolean }>(url, 'GET', '/audit');
    expect(audit.body.ok).toBe(true);
  });
});

/** A pool or client; what the trigger helpers need. */
interface Queryable {
  query(text: string): Promise<unknown>;
}

/** Makes the database refuse any order of the buyer `poison-buyer`, as no validation would. */
async function refusePoisonBuyer(pool: Queryable): Promise<void> {
  await pool.query(`
    CREATE OR REPLACE FUNCTION refuse_poison_buyer() RETURNS trigger AS $$
    BEGIN
      IF NEW.customer_id = 'poison-buyer' THEN RAISE EXCEPTION 'refused for the test'; END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql;
    CREATE OR REPLACE TRIGGER refuse_poison_buyer BEFORE INSERT ON orders
      FOR EACH ROW EXECUTE FUNCTION refuse_poison_buyer();`);
}

async function allowEveryBuyer(pool: Queryable): Promise<void> {
  await pool.query('DROP TRIGGER IF EXISTS refuse_poison_buyer ON orders');
}
