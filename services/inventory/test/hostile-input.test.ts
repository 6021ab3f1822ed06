import { mintDevelopmentToken, unboundedRequestStrings } from '@lockstep/service-kit';
import {
  adminCall,
  bearerCall,
  call,
  forEachHostile,
  hostilePathSegments,
  hostileStrings,
  refusalCheck,
  rowCounts,
  uniqueName,
} from '@lockstep/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InventoryDeployment, startDeployment } from './support/replicas.ts';
import { stockOf } from './support/stock.ts';

/**
 * Control characters and over-long strings in every string the API takes, in the body, the
 * path and the query: each is a 400 VALIDATION_FAILED naming the field, and nothing changes.
 */
describe('inventory: hostile input', () => {
  let deployment: InventoryDeployment;
  let base: string;
  const sku = uniqueName('HOSTILE').toUpperCase();
  const order = {
    sku,
    quantity: 1,
    customerId: 'customer-1',
    walletId: 'wallet-1',
    deliverTo: { lat: 12.97, lng: 77.59 },
  };

  let token: string;

  // Orders are the customer's (bearer token), the catalogue the operator's (admin token): each
  // is sent with its credential, so the 400 is the input's and not a missing credential's.
  const send = (method: string, path: string, body: unknown) =>
    path.startsWith('/orders')
      ? bearerCall(base, method, path, token, body)
      : adminCall(base, method, path, body);

  beforeAll(async () => {
    token = await mintDevelopmentToken({ subject: 'customer-1', role: 'customer' });
    deployment = await startDeployment(1);
    base = deployment.replicas[0]?.url ?? '';
    const created = await adminCall(base, 'POST', '/skus', {
      sku,
      name: 'Shirt',
      priceCents: 100,
      stock: 5,
    });
    expect(created.status).toBe(201);
  });
  afterAll(async () => {
    await deployment?.stop();
  });

  // processed_events is left out: the consumer records other runs' payment results there.
  const expectRefused = refusalCheck(async () => ({
    rows: await rowCounts(deployment.pool, ['processed_events']),
    stock: await stockOf(deployment.pool, sku),
  }));

  const bodyFields: Array<{ route: string; field: string; max: number; valid: object }> = [
    {
      route: '/skus',
      field: 'sku',
      max: 64,
      valid: { sku: uniqueName('NEW'), name: 'x', priceCents: 1, stock: 1 },
    },
    {
      route: '/skus',
      field: 'name',
      max: 200,
      valid: { sku: uniqueName('NEW'), name: 'x', priceCents: 1, stock: 1 },
    },
    { route: '/orders', field: 'customerId', max: 100, valid: order },
    { route: '/orders', field: 'walletId', max: 100, valid: order },
  ];

  for (const { route, field, max, valid } of bodyFields) {
    it(`POST ${route} refuses every hostile ${field} with 400 naming it, and writes nothing`, async () => {
      await forEachHostile(hostileStrings(max), (value) =>
        expectRefused(
          () => send('POST', route, { ...valid, [field]: value }),
          400,
          'VALIDATION_FAILED',
          field,
        ),
      );
    });
  }

  const pathRoutes = [
    { method: 'GET', path: (s: string) => `/skus/${s}`, field: 'sku', max: 64 },
    { method: 'POST', path: (s: string) => `/skus/${s}/restock`, field: 'sku', max: 64 },
    { method: 'GET', path: (s: string) => `/orders/${s}`, field: 'orderId', max: 100 },
  ];

  for (const { method, path, field, max } of pathRoutes) {
    it(`${method} ${path(`:${field}`)} refuses every hostile ${field} with 400 naming it`, async () => {
      const body = method === 'POST' ? { quantity: 1 } : undefined;
      await forEachHostile(hostilePathSegments(max), (segment) =>
        expectRefused(() => send(method, path(segment), body), 400, 'VALIDATION_FAILED', field),
      );
    });
  }

  it('a control character in a query parameter is refused even where the route reads no query', async () => {
    await expectRefused(
      () => adminCall(base, 'POST', `/skus/${sku}/restock?note=%00`, { quantity: 1 }),
      400,
      'VALIDATION_FAILED',
      'note',
    );
    await expectRefused(
      () => call(base, 'GET', `/skus/${sku}?x=a%1Bb`),
      400,
      'VALIDATION_FAILED',
      'x',
    );
  });

  it('a path segment that is not UTF-8 is a 400, not a 500', async () => {
    for (const raw of ['%ED%A0%80', '%FF', '%E0%A4', '%ZZ']) {
      const response = await call(base, 'GET', `/orders/a${raw}`);
      expect({ raw, status: response.status }).toEqual({ raw, status: 400 });
    }
  });

  it('every string the API accepts has a length bound in /openapi.json', async () => {
    const document = await call<Record<string, unknown>>(base, 'GET', '/openapi.json');
    expect(unboundedRequestStrings(document.body)).toEqual([]);
  });
});
