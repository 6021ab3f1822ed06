import { localTopology } from '@lockstep/infra-local';
import { ZooKeeperLock } from '@lockstep/locks';
import { mintDevelopmentToken } from '@lockstep/service-kit';
import {
  adminCall,
  bearerCall,
  call,
  errorCode,
  outboxCount,
  refusalCheck,
  rowCounts,
  uniqueName,
} from '@lockstep/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skuResource } from '../src/use-cases/sku-locks.ts';
import { type InventoryDeployment, startDeployment } from './support/replicas.ts';
import { stockOf } from './support/stock.ts';

/**
 * Every endpoint against bad input, unknown ids and business conflicts: each gets its 4xx
 * with a stable code, and the database is exactly as before (rows counted, stock compared).
 */
describe('inventory HTTP API', () => {
  let deployment: InventoryDeployment;
  let base: string;
  const sku = uniqueName('SKU').toUpperCase();
  const fullSku = uniqueName('FULL').toUpperCase();
  const order = {
    sku,
    quantity: 2,
    customerId: 'customer-1',
    walletId: 'wallet-1',
    deliverTo: { lat: 12.97, lng: 77.59 },
  };

  let token: string;
  /** A call as customer-1, whose orders these are. */
  const asCustomer = <B = unknown>(method: string, path: string, body?: unknown) =>
    bearerCall<B>(base, method, path, token, body);

  beforeAll(async () => {
    token = await mintDevelopmentToken({ subject: 'customer-1', role: 'customer' });
    deployment = await startDeployment(1, { ORDER_LOCK_WAIT_MS: '300' });
    base = deployment.replicas[0]?.url ?? '';
  });
  afterAll(async () => {
    await deployment?.stop();
  });

  /**
   * Runs `request`, expects its status and code, and that nothing was written (processed_events
   * is left out: the consumer records other runs' payment results there).
   */
  const expectRefused = refusalCheck(async () => ({
    rows: await rowCounts(deployment.pool, ['processed_events']),
    stock: await stockOf(deployment.pool, sku),
  }));

  it('creates a SKU, reads it, restocks it and reserves an order with its payment request', async () => {
    const created = await adminCall(base, 'POST', '/skus', {
      sku,
      name: 'Red shirt',
      priceCents: 1_500,
      stock: 5,
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      sku,
      name: 'Red shirt',
      priceCents: 1_500,
      stocked: 5,
      available: 5,
      reserved: 0,
      sold: 0,
    });
    const restocked = await adminCall(base, 'POST', `/skus/${sku}/restock`, { quantity: 3 });
    expect(restocked.status).toBe(200);
    expect(restocked.body).toMatchObject({ stocked: 8, available: 8 });

    const reserved = await asCustomer<{ orderId: string; expiresAt: string }>(
      'POST',
      '/orders',
      order,
    );
    expect(reserved.status).toBe(201);
    expect(reserved.body).toMatchObject({
      status: 'reserved',
      sku,
      quantity: 2,
      amountCents: 3_000,
    });
    expect(Date.parse(reserved.body.expiresAt)).toBeGreaterThan(Date.now());
    const read = await asCustomer('GET', `/orders/${reserved.body.orderId}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ ...order, status: 'reserved', reason: null });
    expect(await stockOf(deployment.pool, sku)).toEqual({
      stocked: 8,
      available: 6,
      reserved: 2,
      sold: 0,
    });
    expect(await outboxCount(deployment.pool, 'payment.requested')).toBe(1);
    const got = await call(base, 'GET', `/skus/${sku}`);
    expect(got.body).toMatchObject({ available: 6, reserved: 2 });
  });

  it('POST /skus refuses bad input with 400 naming the field, and a duplicate with 409 SKU_EXISTS', async () => {
    const valid = { sku: uniqueName('NEW'), name: 'x', priceCents: 100, stock: 1 };
    const post = (body: unknown) => () => adminCall(base, 'POST', '/skus', body);
    await expectRefused(post({ ...valid, sku: undefined }), 400, 'VALIDATION_FAILED', 'sku');
    await expectRefused(
      post({ ...valid, priceCents: '100' }),
      400,
      'VALIDATION_FAILED',
      'priceCents',
    );
    await expectRefused(post({ ...valid, priceCents: 0 }), 400, 'VALIDATION_FAILED', 'priceCents');
    await expectRefused(
      post({ ...valid, priceCents: 1e12 }),
      400,
      'VALIDATION_FAILED',
      'priceCents',
    );
    await expectRefused(post({ ...valid, stock: 1e12 }), 400, 'VALIDATION_FAILED', 'stock');
    await expectRefused(post({ ...valid, stock: 1.5 }), 400, 'VALIDATION_FAILED', 'stock');
    await expectRefused(post({ ...valid, stock: -1 }), 400, 'VALIDATION_FAILED', 'stock');
    await expectRefused(post({ ...valid, sku: 'a/b' }), 400, 'VALIDATION_FAILED', 'sku');
    await expectRefused(post({ ...valid, sku: 'x'.repeat(65) }), 400, 'VALIDATION_FAILED', 'sku');
    await expectRefused(post({ ...valid, name: '' }), 400, 'VALIDATION_FAILED', 'name');
    await expectRefused(
      post({ ...valid, name: 'n'.repeat(201) }),
      400,
      'VALIDATION_FAILED',
      'name',
    );
    await expectRefused(post({ ...valid, owner: 'me' }), 400, 'VALIDATION_FAILED', 'owner');
    await expectRefused(post([valid]), 400, 'VALIDATION_FAILED', 'body');
    await expectRefused(post('{"sku": '), 400, 'MALFORMED_JSON');
    await expectRefused(
      () => adminCall(base, 'POST', '/skus', 'sku=x', { 'content-type': 'text/plain' }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    await expectRefused(
      post({ sku, name: 'Other', priceCents: 1, stock: 1_000 }),
      409,
      'SKU_EXISTS',
    );
    expect((await call(base, 'GET', `/skus/${sku}`)).body).toMatchObject({ name: 'Red shirt' });
  });

  it('GET /skus/:sku answers 404 SKU_NOT_FOUND for an unknown SKU and 400 for a malformed code', async () => {
    await expectRefused(() => call(base, 'GET', '/skus/NO-SUCH-SKU'), 404, 'SKU_NOT_FOUND');
    await expectRefused(
      () => call(base, 'GET', `/skus/${'x'.repeat(65)}`),
      400,
      'VALIDATION_FAILED',
      'sku',
    );
  });

  it('POST /skus/:sku/restock refuses bad quantities, unknown SKUs and going past the stock limit', async () => {
    const restock = (code: string, body: unknown) => () =>
      adminCall(base, 'POST', `/skus/${code}/restock`, body);
    await expectRefused(restock(sku, { quantity: 0 }), 400, 'VALIDATION_FAILED', 'quantity');
    await expectRefused(restock(sku, { quantity: '5' }), 400, 'VALIDATION_FAILED', 'quantity');
    await expectRefused(restock(sku, { quantity: 1e15 }), 400, 'VALIDATION_FAILED', 'quantity');
    await expectRefused(restock(sku, {}), 400, 'VALIDATION_FAILED', 'quantity');
    await expectRefused(restock(sku, { quantity: 1, note: 'x' }), 400, 'VALIDATION_FAILED', 'note');
    await expectRefused(restock('NO-SUCH-SKU', { quantity: 1 }), 404, 'SKU_NOT_FOUND');

    const full = await adminCall(base, 'POST', '/skus', {
      sku: fullSku,
      name: 'Full',
      priceCents: 1,
      stock: 100_000_000,
    });
    expect(full.status).toBe(201);
    const before = await stockOf(deployment.pool, fullSku);
    await expectRefused(restock(fullSku, { quantity: 1 }), 409, 'STOCK_LIMIT');
    expect(await stockOf(deployment.pool, fullSku)).toEqual(before);
  });

  it('POST /orders refuses bad input, unknown SKUs and more units than are available', async () => {
    const post = (body: unknown) => () => asCustomer('POST', '/orders', body);
    await expectRefused(post({ ...order, quantity: 0 }), 400, 'VALIDATION_FAILED', 'quantity');
    await expectRefused(post({ ...order, quantity: 11 }), 400, 'VALIDATION_FAILED', 'quantity');
    await expectRefused(post({ ...order, quantity: 2.5 }), 400, 'VALIDATION_FAILED', 'quantity');
    await expectRefused(post({ ...order, quantity: '2' }), 400, 'VALIDATION_FAILED', 'quantity');
    await expectRefused(post({ ...order, customerId: '' }), 400, 'VALIDATION_FAILED', 'customerId');
    await expectRefused(
      post({ ...order, walletId: 'w'.repeat(101) }),
      400,
      'VALIDATION_FAILED',
      'walletId',
    );
    await expectRefused(
      post({ ...order, walletId: undefined }),
      400,
      'VALIDATION_FAILED',
      'walletId',
    );
    await expectRefused(
      post({ ...order, deliverTo: { lat: 91, lng: 0 } }),
      400,
      'VALIDATION_FAILED',
      'deliverTo.lat',
    );
    await expectRefused(
      post({ ...order, deliverTo: { lat: 0, lng: 0, alt: 3 } }),
      400,
      'VALIDATION_FAILED',
      'deliverTo.alt',
    );
    await expectRefused(
      post({ ...order, deliverTo: 'home' }),
      400,
      'VALIDATION_FAILED',
      'deliverTo',
    );
    await expectRefused(post({ ...order, priceCents: 1 }), 400, 'VALIDATION_FAILED', 'priceCents');
    await expectRefused(post({ ...order, sku: 'NO-SUCH-SKU' }), 404, 'SKU_NOT_FOUND');
    await expectRefused(post({ ...order, quantity: 7 }), 409, 'SOLD_OUT');
  });

  it('a buyer who cannot get the SKU lock within the wait gets 429 SKU_BUSY with Retry-After', async () => {
    // Another process holds the SKU's lock (as a slow holder on another replica would).
    const other = new ZooKeeperLock({ connectionString: localTopology().zookeeper });
    const lease = await other.acquire(skuResource(sku));
    try {
      await expectRefused(() => asCustomer('POST', '/orders', order), 429, 'SKU_BUSY');
      const busy = await adminCall(base, 'POST', `/skus/${sku}/restock`, { quantity: 1 });
      expect({ status: busy.status, code: errorCode(busy) }).toEqual({
        status: 429,
        code: 'SKU_BUSY',
      });
      expect(busy.headers.get('retry-after')).toBe('1');
    } finally {
      await lease.release();
      await other.close();
    }
    expect((await asCustomer('POST', '/orders', { ...order, quantity: 1 })).status).toBe(201);
  });

  it('GET /orders/:orderId answers 404 ORDER_NOT_FOUND for an unknown id and 400 for an oversized one', async () => {
    await expectRefused(
      () => asCustomer('GET', `/orders/${crypto.randomUUID()}`),
      404,
      'ORDER_NOT_FOUND',
    );
    await expectRefused(() => asCustomer('GET', '/orders/not-a-uuid'), 404, 'ORDER_NOT_FOUND');
    await expectRefused(
      () => asCustomer('GET', `/orders/${'o'.repeat(101)}`),
      400,
      'VALIDATION_FAILED',
      'orderId',
    );
  });

  it('documents every route in /openapi.json, is ready, and reports a clean audit', async () => {
    const doc = await call<{ paths: Record<string, unknown> }>(base, 'GET', '/openapi.json');
    expect(Object.keys(doc.body.paths).sort()).toEqual([
      '/audit',
      '/dev/tokens',
      '/orders',
      '/orders/{orderId}',
      '/skus',
      '/skus/{sku}',
      '/skus/{sku}/restock',
    ]);
    expect((await call(base, 'GET', '/readyz')).status).toBe(200);
    const audit = await adminCall<{ ok: boolean; checks: unknown[] }>(base, 'GET', '/audit');
    expect(audit.status).toBe(200);
    expect(audit.body.ok).toBe(true);
    expect(audit.body.checks).toHaveLength(5);
  });
});
