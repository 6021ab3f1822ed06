import { mintDevelopmentToken } from '@lockstep/service-kit';
import {
  adminCall,
  bearerCall,
  expectOwnerOnly,
  type OwnerRequest,
  refusalCheck,
  rowCounts,
  uniqueName,
} from '@lockstep/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InventoryDeployment, startDeployment } from './support/replicas.ts';
import { stockOf } from './support/stock.ts';

const mint = mintDevelopmentToken;

/**
 * An order is its customer's: placing one takes a customer's bearer token (the token's subject
 * is the customer; a body customerId must be that subject), and reading one answers its owner
 * only. 401 without a valid token, 403 for anyone else, and nothing written either way.
 */
describe('inventory: customer authentication', () => {
  let deployment: InventoryDeployment;
  let base: string;
  let orderId: string;
  const sku = uniqueName('AUTH').toUpperCase();
  const owner = uniqueName('alice');
  const order = {
    sku,
    quantity: 1,
    customerId: owner,
    walletId: 'alice-wallet',
    deliverTo: { lat: 12.97, lng: 77.59 },
  };

  beforeAll(async () => {
    deployment = await startDeployment(1);
    base = deployment.replicas[0]?.url ?? '';
    const created = await adminCall(base, 'POST', '/skus', {
      sku,
      name: 'Guarded',
      priceCents: 100,
      stock: 10,
    });
    expect(created.status).toBe(201);
    const token = await mint({ subject: owner, role: 'customer' });
    const placed = await bearerCall<{ orderId: string }>(base, 'POST', '/orders', token, order);
    expect(placed.status).toBe(201);
    orderId = placed.body.orderId;
  });
  afterAll(async () => {
    await deployment?.stop();
  });

  // processed_events is left out: the consumer records other runs' payment results there.
  const expectRefused = refusalCheck(async () => ({
    rows: await rowCounts(deployment.pool, ['processed_events']),
    stock: await stockOf(deployment.pool, sku),
  }));

  /** Every customer route of inventory, as its owner sends it, and what the owner gets. */
  const customerRoutes: Array<{
    route: string;
    request: () => OwnerRequest;
    answer: () => { status: number; body: object };
  }> = [
    {
      route: 'POST /orders',
      request: () => ({ method: 'POST', path: '/orders', body: order }),
      answer: () => ({ status: 201, body: { status: 'reserved', sku } }),
    },
    {
      route: 'GET /orders/:orderId',
      request: () => ({ method: 'GET', path: `/orders/${orderId}` }),
      answer: () => ({
        status: 200,
        body: { orderId, customerId: owner, walletId: 'alice-wallet' },
      }),
    },
  ];

  for (const { route, request, answer } of customerRoutes) {
    it(`${route} answers its owner only, and a refusal writes nothing`, async () => {
      await expectOwnerOnly(expectRefused, base, request(), { owner, role: 'customer', mint });
      const { method, path, body } = request();
      const token = await mint({ subject: owner, role: 'customer' });
      const response = await bearerCall(base, method, path, token, body);
      const expected = answer();
      expect(response.status).toBe(expected.status);
      expect(response.body).toMatchObject(expected.body);
    });
  }

  it("an order that names no customer is the token subject's, and only theirs to read", async () => {
    const bob = uniqueName('bob');
    const token = await mint({ subject: bob, role: 'customer' });
    const { customerId: _named, ...unnamed } = order;
    const placed = await bearerCall<{ orderId: string }>(base, 'POST', '/orders', token, unnamed);
    expect(placed.status).toBe(201);
    const path = `/orders/${placed.body.orderId}`;
    expect((await bearerCall(base, 'GET', path, token)).body).toMatchObject({ customerId: bob });
    const alice = await mint({ subject: owner, role: 'customer' });
    await expectRefused(() => bearerCall(base, 'GET', path, alice), 403, 'FORBIDDEN');
  });
});
