import { mintDevelopmentToken } from '@lockstep/service-kit';
import {
  adminCall,
  bearerCall,
  call,
  expectAdminOnly,
  refusalCheck,
  rowCounts,
  uniqueName,
} from '@lockstep/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InventoryDeployment, startDeployment } from './support/replicas.ts';
import { stockOf } from './support/stock.ts';

/**
 * Creating and restocking SKUs and the audit are the operator's: without the admin token in
 * x-admin-token they answer 401 and change nothing; with it they work. Reads of the catalogue
 * stay open; orders take the customer's bearer token, not the admin token (customer-auth.test.ts).
 */
describe('inventory: admin routes', () => {
  let deployment: InventoryDeployment;
  let base: string;
  const sku = uniqueName('ADMIN').toUpperCase();

  beforeAll(async () => {
    deployment = await startDeployment(1);
    base = deployment.replicas[0]?.url ?? '';
  });
  afterAll(async () => {
    await deployment?.stop();
  });

  // processed_events is left out: the consumer records other runs' payment results there.
  const expectRefused = refusalCheck(() => rowCounts(deployment.pool, ['processed_events']));

  it('POST /skus needs the admin token', async () => {
    const body = { sku, name: 'Admin shirt', priceCents: 100, stock: 2 };
    await expectAdminOnly(expectRefused, base, { method: 'POST', path: '/skus', body });
    expect((await adminCall(base, 'POST', '/skus', body)).status).toBe(201);
  });

  it('POST /skus/:sku/restock needs the admin token', async () => {
    const path = `/skus/${sku}/restock`;
    await expectAdminOnly(expectRefused, base, { method: 'POST', path, body: { quantity: 3 } });
    expect(await stockOf(deployment.pool, sku)).toMatchObject({ stocked: 2 });
    expect((await adminCall(base, 'POST', path, { quantity: 3 })).status).toBe(200);
    expect(await stockOf(deployment.pool, sku)).toMatchObject({ stocked: 5 });
  });

  it('GET /audit needs the admin token', async () => {
    await expectAdminOnly(expectRefused, base, { method: 'GET', path: '/audit' });
    const audit = await adminCall<{ ok: boolean }>(base, 'GET', '/audit');
    expect(audit.status).toBe(200);
    expect(audit.body.ok).toBe(true);
  });

  it('customer routes and reads need no admin token', async () => {
    expect((await call(base, 'GET', `/skus/${sku}`)).status).toBe(200);
    const customer = await mintDevelopmentToken({ subject: 'c-1', role: 'customer' });
    const order = await bearerCall(base, 'POST', '/orders', customer, {
      sku,
      quantity: 1,
      walletId: 'w-1',
      deliverTo: { lat: 1, lng: 1 },
    });
    expect(order.status).toBe(201);
  });
});
