import { testKafka, uniqueName, waitFor } from '@lockstep/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offset, type Point, randomArea } from './support/geo.ts';
import { type Api, apiOf } from './support/http-client.ts';
import { OrdersProducer } from './support/orders-producer.ts';
import { type DeliveryDeployment, startDeployment, total } from './support/replicas.ts';

const partnerCount = 10;
const capacity = 5;
const orderCount = 100;

let deployment: DeliveryDeployment;
let apis: Api[];
let producer: OrdersProducer;
let area: Point;
const run = uniqueName('two-replicas');

/** Counts of this run's orders by where they stand. */
async function standing(prefix: string) {
  const { rows } = await deployment.pool.query<{
    assigned: string;
    completed: string;
    pending: string;
  }>(
    `SELECT (SELECT count(*) FROM assignments WHERE order_id LIKE $1 AND status = 'assigned') AS assigned,
            (SELECT count(*) FROM assignments WHERE order_id LIKE $1 AND status = 'completed') AS completed,
            (SELECT count(*) FROM pending_orders WHERE order_id LIKE $1) AS pending`,
    [`${prefix}%`],
  );
  const row = rows[0];
  return {
    assigned: Number(row?.assigned),
    completed: Number(row?.completed),
    pending: Number(row?.pending),
  };
}

async function expectCleanAudit(api: Api): Promise<void> {
  const audit = await api.audit();
  expect(audit.status).toBe(200);
  expect(audit.body.checks.filter((check: { ok: boolean }) => !check.ok)).toEqual([]);
  expect(audit.body.ok).toBe(true);
}

describe('two replicas assigning orders by compare-and-swap on one database', () => {
  beforeAll(async () => {
    deployment = await startDeployment(2, {
      RETRY_INTERVAL_MS: '300',
      RETRY_BASE_DELAY_MS: '200',
      RETRY_MAX_DELAY_MS: '1000',
    });
    apis = deployment.replicas.map((replica) => apiOf(replica.url));
    producer = new OrdersProducer(testKafka(`${run}-producer`));
    await producer.connect();
    area = randomArea();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await deployment?.stop();
  });

  it('100 orders over 10 partners of capacity 5: exactly 50 assigned, none over capacity, 50 pending with delivery.unassigned, and claims conflicted', async () => {
    for (let i = 0; i < partnerCount; i++) {
      const created = await apis[i % 2]?.createPartner({
        partnerId: `${run}-p${i}`,
        name: `Partner ${i}`,
        ...offset(area, 0, 0.1 * i),
        capacity,
      });
      expect(created?.status).toBe(201);
    }
    const orders = Array.from({ length: orderCount }, (_, i) =>
      producer.envelope(`${run}-o${i}`, offset(area, 0.05 * (i % 7), 0)),
    );
    await producer.send(orders);

    await waitFor('every order to be assigned or pending, 50/50', async () => {
      const now = await standing(run);
      return now.assigned === 50 && now.pending === 50;
    });
    const { rows: partners } = await deployment.pool.query<{ id: string; active: number }>(
      'SELECT id, active FROM partners WHERE id LIKE $1 ORDER BY id',
      [`${run}-p%`],
    );
    expect(partners.map((p) => p.active)).toEqual(Array(partnerCount).fill(capacity));

    const { rows: events } = await deployment.pool.query<{ type: string; orders: string }>(
      `SELECT type, count(DISTINCT key) AS orders FROM outbox WHERE key LIKE $1 GROUP BY type`,
      [`${run}-o%`],
    );
    const byType = Object.fromEntries(events.map((e) => [e.type, Number(e.orders)]));
    expect(byType['delivery.assigned']).toBe(50);
    const { rows: silent } = await deployment.pool.query(
      `SELECT order_id FROM pending_orders p WHERE order_id LIKE $1 AND NOT EXISTS (
         SELECT 1 FROM outbox o WHERE o.key = p.order_id AND o.type = 'delivery.unassigned')`,
      [`${run}-o%`],
    );
    expect(silent).toEqual([]);
    await waitFor('the outbox to be published', async () => {
      const { rows } = await deployment.pool.query(
        'SELECT 1 FROM outbox WHERE published_at IS NULL',
      );
      return rows.length === 0;
    });

    // Both replicas did real work, and their claims on the same partners raced.
    for (const replica of deployment.replicas) {
      expect(replica.consumer.consumer.stats.processed).toBeGreaterThan(0);
    }
    expect(total(deployment.replicas, 'casConflicts')).toBeGreaterThan(0);
    await expectCleanAudit(apis[0] as Api);
  });

  it('completing deliveries frees capacity, and the retry loop assigns pending orders to it', async () => {
    const { rows } = await deployment.pool.query<{ order_id: string; partner_id: string }>(
      `SELECT order_id, partner_id FROM assignments WHERE order_id LIKE $1 AND status = 'assigned'
        ORDER BY order_id LIMIT 10`,
      [`${run}-o%`],
    );
    // Each by the partner carrying it: only that partner's token may end an assignment.
    const completions = await Promise.all(
      rows.map((row, i) => (apis[i % 2] as Api).complete(row.order_id, row.partner_id)),
    );
    expect(completions.map((response) => response.status)).toEqual(Array(10).fill(200));

    await waitFor('the freed slots to be taken by pending orders', async () => {
      const now = await standing(run);
      return now.assigned === 50 && now.completed === 10 && now.pending === 40;
    });
    expect(total(deployment.replicas, 'retriedAssigned')).toBeGreaterThanOrEqual(10);
    await expectCleanAudit(apis[1] as Api);
  });

  it('a released order is pending again, and the retry loop gives it to another partner', async () => {
    // A neighbourhood of its own, far outside the first one's 50 km service radius.
    const town = offset(area, 0, 500);
    const [near, far] = [`${run}-near`, `${run}-far`];
    await apis[0]?.createPartner({ partnerId: near, name: 'Near', ...town, capacity: 1 });
    await apis[1]?.createPartner({
      partnerId: far,
      name: 'Far',
      ...offset(town, 2, 0),
      capacity: 1,
    });
    const orderId = `${run}-released`;
    await producer.send([producer.envelope(orderId, town)]);
    const api = apis[0] as Api;
    await waitFor(
      'the order to be assigned',
      async () => (await api.getAssignment(orderId)).status === 200,
    );
    expect((await api.getAssignment(orderId)).body).toMatchObject({
      partnerId: near,
      status: 'assigned',
    });

    const released = await apis[1]?.release(orderId, near);
    expect(released?.status).toBe(200);
    expect(released?.body).toMatchObject({
      partnerId: near,
      status: 'released',
      completedAt: null,
    });

    await waitFor('the order to be reassigned', async () => {
      const now = await api.getAssignment(orderId);
      return now.body.status === 'assigned';
    });
    expect((await api.getAssignment(orderId)).body).toMatchObject({
      partnerId: far,
      status: 'assigned',
    });
    expect((await api.getPartner(near)).body.active).toBe(0);
    expect((await api.getPartner(far)).body.active).toBe(1);
    const { rows: events } = await deployment.pool.query<{
      type: string;
      payload: { reason?: string };
    }>('SELECT type, payload FROM outbox WHERE key = $1 ORDER BY seq', [orderId]);
    expect(events.map((e) => e.type)).toEqual([
      'delivery.assigned',
      'delivery.unassigned',
      'delivery.assigned',
    ]);
    expect(events[1]?.payload.reason).toBe(`released by partner ${near}`);
    await expectCleanAudit(api);
  });
});
