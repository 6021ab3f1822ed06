import { errorCode, rowCounts } from '@lockstep/testkit';
import { describe, expect, it } from 'vitest';
import type { RequestOptions } from '../support/json-client.ts';
import { runScopedName } from '../support/run-names.ts';
import { asAdmin, near, randomServiceArea } from '../support/saga-client.ts';
import type { SagaContext } from '../support/saga-context.ts';
import type { ServiceName } from '../support/saga-deployment.ts';
import { sagaServices } from '../support/saga-deployment.ts';

/** One malformed request and the status it must get. */
interface BadRequest {
  service: ServiceName;
  method: string;
  path: string;
  send: RequestOptions;
  status: number;
}

/**
 * A smoke over the running processes: each service's own suite covers every endpoint's
 * validation in-process; this checks the same holds for the deployed saga (two replicas each,
 * real config): malformed bodies get 4xx, unknown ids 404, nothing is written, audits stay clean.
 * Runs first, while nothing else writes, so "nothing is written" is a row count.
 */
export function badInputScenario(context: () => SagaContext): void {
  describe('bad input through the running replicas', () => {
    it('malformed bodies, huge values and unknown ids get 4xx on every service, and change nothing', async () => {
      const { deployment, http, saga } = context();
      const sku = runScopedName(deployment.runId, 'BAD').toUpperCase();
      const walletId = runScopedName(deployment.runId, 'bad-w');
      const partnerId = runScopedName(deployment.runId, 'bad-p');
      await saga.createSku(sku, 3, 1_000);
      const customerId = runScopedName(deployment.runId, 'bad-c');
      await saga.openWallets([{ walletId, ownerId: customerId, balanceCents: 5_000 }]);
      const at = near(randomServiceArea(), 1);
      await saga.addPartner(partnerId, at, 2);
      const order = { sku, quantity: 1, customerId, walletId, deliverTo: { lat: 1, lng: 2 } };
      // Each request carries the credential its route takes, so its 4xx is the input's.
      const asCustomer = { headers: await saga.tokens.headers(customerId, 'customer') };
      const asPartner = async (id: string) => ({
        headers: await saga.tokens.headers(id, 'partner'),
      });
      const huge = 'x'.repeat(300_000);

      const requests: BadRequest[] = [
        {
          service: 'inventory',
          method: 'POST',
          path: '/skus',
          send: { ...asAdmin, json: {} },
          status: 400,
        },
        {
          service: 'inventory',
          method: 'POST',
          path: '/skus',
          send: { ...asAdmin, json: { sku: 'NEW-1', name: 'n', priceCents: '10', stock: 1 } },
          status: 400,
        },
        {
          service: 'inventory',
          method: 'POST',
          path: `/skus/${sku}/restock`,
          send: { ...asAdmin, json: { quantity: 1e15 } },
          status: 400,
        },
        {
          service: 'inventory',
          method: 'POST',
          path: '/orders',
          send: { ...asCustomer, json: { ...order, quantity: 0 } },
          status: 400,
        },
        {
          service: 'inventory',
          method: 'POST',
          path: '/orders',
          send: { ...asCustomer, json: { ...order, deliverTo: { lat: 900, lng: 0 } } },
          status: 400,
        },
        {
          service: 'inventory',
          method: 'POST',
          path: '/orders',
          send: { ...asCustomer, raw: '{"sku": ' },
          status: 400,
        },
        {
          service: 'inventory',
          method: 'POST',
          path: '/orders',
          send: { ...asCustomer, json: { ...order, sku: 'NO-SUCH-SKU' } },
          status: 404,
        },
        {
          service: 'inventory',
          method: 'POST',
          path: '/orders',
          send: { ...asCustomer, json: { ...order, customerId: huge } },
          status: 413,
        },
        {
          service: 'inventory',
          method: 'GET',
          path: '/orders/no-such-order',
          send: asCustomer,
          status: 404,
        },
        {
          service: 'payment',
          method: 'POST',
          path: '/wallets',
          send: { ...asCustomer, json: { initialBalanceCents: -1 } },
          status: 400,
        },
        {
          service: 'payment',
          method: 'POST',
          path: '/wallets',
          send: {
            ...asAdmin,
            json: { walletId: 'w-new', ownerId: customerId, initialBalanceCents: 1e12 },
          },
          status: 400,
        },
        {
          service: 'payment',
          method: 'POST',
          path: `/wallets/${walletId}/top-ups`,
          send: { ...asAdmin, json: { amountCents: 'ten', idempotencyKey: 'k' } },
          status: 400,
        },
        {
          service: 'payment',
          method: 'POST',
          path: '/wallets/no-such-wallet/top-ups',
          send: { ...asAdmin, json: { amountCents: 10, idempotencyKey: 'k' } },
          status: 404,
        },
        {
          service: 'payment',
          method: 'PUT',
          path: '/gateway',
          send: { ...asAdmin, json: { latencyMs: 1e9, failureRate: 2 } },
          status: 400,
        },
        {
          service: 'payment',
          method: 'POST',
          path: '/wallets',
          send: { ...asCustomer, raw: 'nope' },
          status: 400,
        },
        {
          service: 'payment',
          method: 'GET',
          path: '/payments/no-such-payment',
          send: asCustomer,
          status: 404,
        },
        {
          service: 'delivery-assignment',
          method: 'POST',
          path: '/partners',
          send: { ...asAdmin, json: { name: '', lat: 'north', lng: 0, capacity: 0 } },
          status: 400,
        },
        {
          service: 'delivery-assignment',
          method: 'POST',
          path: '/partners',
          send: { ...asAdmin, json: { name: 'n', lat: 1, lng: 1, capacity: 1e9 } },
          status: 400,
        },
        {
          service: 'delivery-assignment',
          method: 'PUT',
          path: `/partners/${partnerId}/location`,
          send: { ...(await asPartner(partnerId)), json: { lat: 'a', lng: 1 } },
          status: 400,
        },
        {
          service: 'delivery-assignment',
          method: 'PUT',
          path: '/partners/no-such-partner/location',
          send: { ...(await asPartner('no-such-partner')), json: { lat: 1, lng: 1 } },
          status: 404,
        },
        {
          service: 'delivery-assignment',
          method: 'POST',
          path: '/assignments/no-such-order/complete',
          send: await asPartner(partnerId),
          status: 404,
        },
        {
          service: 'delivery-assignment',
          method: 'POST',
          path: '/partners',
          send: { ...asAdmin, raw: '[1, 2' },
          status: 400,
        },
      ];

      // processed_events is left out: the consumers record there events of other runs on the
      // shared topics, which this test does not control.
      const counts = (service: ServiceName) =>
        rowCounts(deployment.pool(service), ['processed_events']);
      const before = await Promise.all(sagaServices.map(counts));
      const answers = await Promise.all(
        requests.map(async (request, i) => {
          const response = await http.request(
            saga.urlFor(request.service, i),
            request.method,
            request.path,
            request.send,
          );
          return {
            request: `${request.service} ${request.method} ${request.path}`,
            expected: request.status,
            status: response.status,
            code: errorCode(response),
          };
        }),
      );
      const after = await Promise.all(sagaServices.map(counts));

      expect(answers.filter((a) => a.status !== a.expected)).toEqual([]);
      for (const answer of answers) expect(answer.code).toEqual(expect.any(String));
      expect(after).toEqual(before);
      expect(await saga.sku(sku)).toMatchObject({ stocked: 3, available: 3, reserved: 0, sold: 0 });
      expect(await saga.balanceOf(walletId)).toBe(5_000);
      expect(await saga.partner(partnerId)).toMatchObject({ lat: at.lat, lng: at.lng, active: 0 });
      const audits = await saga.auditEveryReplica();
      expect(audits.filter((a) => !a.ok)).toEqual([]);
      console.log(
        `[bad-input] ${answers.length} malformed requests over ${sagaServices.length} services: ${JSON.stringify(
          answers.reduce<Record<string, number>>((tally, a) => {
            tally[a.status] = (tally[a.status] ?? 0) + 1;
            return tally;
          }, {}),
        )}; no row written; ${audits.length} audits clean`,
      );
    }, 60_000);
  });
}
