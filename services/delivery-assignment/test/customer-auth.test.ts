import { mintDevelopmentToken } from '@lockstep/service-kit';
import {
  bearerCall,
  expectOwnerOnly,
  type OwnerOnlyOptions,
  type OwnerRequest,
  refusalCheck,
  testKafka,
  uniqueName,
  waitFor,
} from '@lockstep/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshot } from './support/db-snapshot.ts';
import { randomArea } from './support/geo.ts';
import { type Api, apiOf } from './support/http-client.ts';
import { customerOfOrder, OrdersProducer } from './support/orders-producer.ts';
import { type DeliveryDeployment, startDeployment } from './support/replicas.ts';

const mint = mintDevelopmentToken;

/**
 * A partner's routes are the partner's own: it reads and moves only itself, and only the
 * partner carrying an order completes or releases it (checked on the row-locked assignment).
 * An assignment is read by that partner or by the order's customer. 401 without a valid token,
 * 403 for anyone else (another partner, a customer), and nothing written either way.
 */
describe('delivery-assignment: partner and customer authentication', () => {
  let deployment: DeliveryDeployment;
  let base: string;
  let api: Api;
  let producer: OrdersProducer;
  const area = randomArea();
  const partnerId = uniqueName('courier');
  const rival = uniqueName('rival');
  const orderId = uniqueName('order');
  const customer = customerOfOrder(orderId);

  beforeAll(async () => {
    deployment = await startDeployment(1);
    base = deployment.replicas[0]?.url ?? '';
    api = apiOf(base);
    producer = new OrdersProducer(testKafka('delivery-auth-test'));
    await producer.connect();
    // The rival stands far away, so the order is the courier's.
    await api.createPartner({ partnerId, name: 'Cy', ...area, capacity: 2 });
    const away = { lat: area.lat + 1, lng: area.lng };
    await api.createPartner({ partnerId: rival, name: 'Rae', ...away, capacity: 2 });
    await producer.send([producer.envelope(orderId, area)]);
    await waitFor('the order assigned', async () => {
      const read = await api.getAssignment(orderId);
      return read.status === 200 && read.body.partnerId === partnerId;
    });
  });
  afterAll(async () => {
    await producer?.disconnect();
    await deployment?.stop();
  });

  const expectRefused = refusalCheck(() => snapshot(deployment.pool));
  const asPartner = (subject: string) => ({ owner: subject, role: 'partner' as const, mint });
  const asCustomer = (subject: string) => ({ owner: subject, role: 'customer' as const, mint });

  // First, while nothing is pending: a released order is retried in the background, which
  // would move the rows the refusal checks compare.
  it("completing needs the carrying partner's own token: another partner and the order's customer get 403 and change nothing", async () => {
    const next = uniqueName('order');
    await producer.send([producer.envelope(next, area)]);
    await waitFor('the next order assigned', async () => {
      return (await api.getAssignment(next)).body.partnerId === partnerId;
    });
    const path = `/assignments/${next}/complete`;
    for (const [subject, role] of [
      [rival, 'partner'],
      [customerOfOrder(next), 'customer'],
    ] as const) {
      const token = await mint({ subject, role });
      await expectRefused(() => bearerCall(base, 'POST', path, token), 403, 'FORBIDDEN');
    }
    await expectOwnerOnly(expectRefused, base, { method: 'POST', path }, asPartner(partnerId));
    const completed = await api.complete(next, partnerId);
    expect(completed.body).toMatchObject({ orderId: next, partnerId, status: 'completed' });
  });

  /**
   * Every partner's or customer's route, each with every owner it answers, in the order the
   * owner may send them (release ends the assignment, so it comes last).
   */
  const routes: Array<{
    request: () => OwnerRequest;
    owners: OwnerOnlyOptions[];
    answer: object;
  }> = [
    {
      request: () => ({ method: 'GET', path: `/partners/${partnerId}` }),
      owners: [asPartner(partnerId)],
      answer: { partnerId, active: 1 },
    },
    {
      request: () => ({
        method: 'PUT',
        path: `/partners/${partnerId}/location`,
        body: { lat: area.lat, lng: area.lng + 0.001 },
      }),
      owners: [asPartner(partnerId)],
      answer: { partnerId, lng: area.lng + 0.001 },
    },
    {
      request: () => ({ method: 'GET', path: `/assignments/${orderId}` }),
      owners: [asPartner(partnerId), asCustomer(customer)],
      answer: { orderId, partnerId, status: 'assigned' },
    },
    {
      request: () => ({ method: 'POST', path: `/assignments/${orderId}/release` }),
      owners: [asPartner(partnerId)],
      answer: { orderId, partnerId, status: 'released' },
    },
  ];

  for (const { request, owners, answer } of routes) {
    const { method, path } = request();
    it(`${method} ${path.replace(partnerId, ':id').replace(orderId, ':orderId')} answers ${owners.map((o) => o.role).join(' and ')} owners only`, async () => {
      for (const owner of owners) {
        await expectOwnerOnly(expectRefused, base, request(), owner);
      }
      const [first] = owners as [OwnerOnlyOptions];
      const token = await mint({ subject: first.owner, role: first.role });
      const response = await bearerCall(base, method, path, token, request().body);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject(answer);
    });
  }
});
