import { testKafka, uniqueName, waitFor } from '@lockstep/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offset, randomArea } from './support/geo.ts';
import { type Api, apiOf } from './support/http-client.ts';
import { OrdersProducer } from './support/orders-producer.ts';
import { type DeliveryDeployment, startDeployment, total } from './support/replicas.ts';

const orderCount = 40;
const movers = 4;

let deployment: DeliveryDeployment;
let apis: Api[];
let producer: OrdersProducer;

describe('compare-and-swap on one partner: location updates racing claims', () => {
  beforeAll(async () => {
    deployment = await startDeployment(2);
    apis = deployment.replicas.map((replica) => apiOf(replica.url));
    producer = new OrdersProducer(testKafka('delivery-cas-test'));
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await deployment?.stop();
  });

  it('concurrent moves through both replicas and claims from both consumers never lose a write', async () => {
    const area = randomArea();
    const partnerId = uniqueName('hot-partner');
    const created = await apis[0]?.createPartner({
      partnerId,
      name: 'Hot',
      ...area,
      capacity: 100,
    });
    expect(created?.status).toBe(201);
    const prefix = uniqueName('cas-order');
    await producer.send(
      Array.from({ length: orderCount }, (_, i) => producer.envelope(`${prefix}-${i}`, area)),
    );

    // Keep moving the partner (a few metres each time) from both replicas until every order
    // is assigned, so moves and claims overlap for the whole run.
    let assigned = 0;
    const statuses: number[] = [];
    const moving = Array.from({ length: movers }, async (_, mover) => {
      for (let step = 0; assigned < orderCount; step++) {
        const to = offset(area, 0.001 * ((step % 5) + 1), 0.001 * mover);
        const response = await (apis[(mover + step) % 2] as Api).movePartner(partnerId, to);
        statuses.push(response.status);
      }
    });
    await waitFor('every order to be assigned', async () => {
      const { rows } = await deployment.pool.query<{ n: string }>(
        "SELECT count(*) AS n FROM assignments WHERE partner_id = $1 AND status = 'assigned'",
        [partnerId],
      );
      assigned = Number(rows[0]?.n);
      return assigned === orderCount;
    });
    await Promise.all(moving);

    const moved = statuses.filter((status) => status === 200).length;
    // 429 (every attempt lost) is the only other answer a move may get; it writes nothing.
    expect(statuses.filter((status) => status !== 200 && status !== 429)).toEqual([]);
    expect(moved).toBeGreaterThan(0);
    const partner = (await apis[1]?.getPartner(partnerId))?.body;
    // Every claim and every move bumped the version exactly once: nothing overwrote anything.
    expect(partner).toMatchObject({ active: orderCount, version: orderCount + moved });
    expect(total(deployment.replicas, 'casConflicts')).toBeGreaterThan(0);
    expect((await apis[0]?.audit())?.body.ok).toBe(true);
  });
});
