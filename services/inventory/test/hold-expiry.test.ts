import { mintDevelopmentToken } from '@lockstep/service-kit';
import {
  adminCall,
  bearerCall,
  outboxCount,
  paymentResultsFor,
  publishResults,
  testKafka,
  uniqueName,
  waitFor,
} from '@lockstep/testkit';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InventoryDeployment, startDeployment } from './support/replicas.ts';
import { stockOf } from './support/stock.ts';

const { completedFor, refundedFor } = paymentResultsFor('order');

const priceCents = 700;

// Every order of this file is one customer's.
const customer = mintDevelopmentToken({ subject: 'customer', role: 'customer' });

/**
 * Holds whose payment never finishes: a ZooKeeper-elected sweeper (one leader across both
 * replicas) releases them, a payment that completes after its hold expired re-takes its units
 * or is refunded, and the books balance with no stale hold left.
 */
describe('hold expiry on two inventory replicas', () => {
  let deployment: InventoryDeployment;
  let producer: Producer;

  beforeAll(async () => {
    deployment = await startDeployment(2, {
      RESERVATION_TTL_MS: '2000',
      SWEEP_INTERVAL_MS: '300',
      STALE_HOLD_GRACE_MS: '1500',
    });
    producer = testKafka('inventory-test').producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  });
  afterAll(async () => {
    await producer?.disconnect();
    await deployment?.stop();
  });

  const url = (i: number) => deployment.replicas[i % deployment.replicas.length]?.url ?? '';

  async function createSku(stock: number): Promise<string> {
    const sku = uniqueName('HOLD').toUpperCase();
    const created = await adminCall(url(0), 'POST', '/skus', {
      sku,
      name: 'Hold',
      priceCents,
      stock,
    });
    expect(created.status).toBe(201);
    return sku;
  }

  async function reserve(sku: string, quantity: number, replica: number): Promise<string> {
    const response = await bearerCall<{ orderId: string }>(
      url(replica),
      'POST',
      '/orders',
      await customer,
      {
        sku,
        quantity,
        walletId: 'wallet',
        deliverTo: { lat: 0, lng: 0 },
      },
    );
    expect(response.status).toBe(201);
    return response.body.orderId;
  }

  async function statusOf(orderId: string): Promise<string> {
    const path = `/orders/${orderId}`;
    const response = await bearerCall<{ status: string }>(url(1), 'GET', path, await customer);
    return response.body.status;
  }

  it('only the elected sweeper releases expired holds, and the audit is clean', async () => {
    const sku = await createSku(20);
    const orders = await Promise.all(
      Array.from({ length: 10 }, (_, i) => reserve(sku, (i % 2) + 1, i)),
    );
    expect(await stockOf(deployment.pool, sku)).toMatchObject({ available: 5, reserved: 15 });
    await waitFor('every hold expired', async () => {
      const statuses = await Promise.all(orders.map(statusOf));
      return statuses.every((status) => status === 'expired');
    });
    expect(await stockOf(deployment.pool, sku)).toEqual({
      stocked: 20,
      available: 20,
      reserved: 0,
      sold: 0,
    });
    const { rows } = await deployment.pool.query<{ reason: string; n: number }>(
      `SELECT payload->>'reason' AS reason, count(*)::int AS n FROM outbox
       WHERE type = 'order.cancelled' GROUP BY 1`,
    );
    expect(rows).toEqual([{ reason: 'hold-expired', n: 10 }]);

    const sweepers = deployment.replicas.map((replica) => replica.sweeper);
    expect(sweepers.filter((sweeper) => sweeper.isLeader)).toHaveLength(1);
    const leader = sweepers.find((sweeper) => sweeper.isLeader);
    const follower = sweepers.find((sweeper) => !sweeper.isLeader);
    expect(leader?.stats.handled).toBe(10);
    expect(follower?.stats).toEqual({ terms: 0, rounds: 0, handled: 0 });

    const audit = await adminCall<{ ok: boolean }>(url(0), 'GET', '/audit');
    expect(audit.body.ok).toBe(true);
  });

  it('a payment completing after its hold expired re-takes the units when they are still there', async () => {
    const sku = await createSku(3);
    const orderId = await reserve(sku, 2, 0);
    await waitFor('the hold expired', async () => (await statusOf(orderId)) === 'expired');
    await publishResults(producer, [completedFor(orderId, 2 * priceCents, 'wallet')]);
    await waitFor('the order confirmed', async () => (await statusOf(orderId)) === 'confirmed');
    expect(await stockOf(deployment.pool, sku)).toEqual({
      stocked: 3,
      available: 1,
      reserved: 0,
      sold: 2,
    });
  });

  it('a payment completing after its units were sold to someone else is refunded', async () => {
    const sku = await createSku(1);
    const late = await reserve(sku, 1, 0);
    await waitFor('the hold expired', async () => (await statusOf(late)) === 'expired');
    const other = await reserve(sku, 1, 1);
    await publishResults(producer, [
      completedFor(other, priceCents, 'wallet'),
      completedFor(late, priceCents, 'wallet'),
    ]);
    await waitFor(
      'the late order waits for its refund',
      async () => (await statusOf(late)) === 'refund-pending',
    );
    // The two results are keyed by their orders, so they may sit on different partitions and
    // be settled in either order: wait for the other order's confirmation too.
    await waitFor('the other order confirmed', async () => (await statusOf(other)) === 'confirmed');
    const { rows } = await deployment.pool.query<{ payload: unknown }>(
      "SELECT payload FROM outbox WHERE type = 'payment.refund-requested'",
    );
    expect(rows.map((row) => row.payload)).toEqual([
      { paymentId: late, reference: { kind: 'order', id: late }, reason: 'hold-expired' },
    ]);
    const refunded = refundedFor(late, priceCents, 'wallet');
    await publishResults(producer, [refunded]);
    await waitFor('the late order cancelled', async () => (await statusOf(late)) === 'cancelled');
    expect(await stockOf(deployment.pool, sku)).toEqual({
      stocked: 1,
      available: 0,
      reserved: 0,
      sold: 1,
    });
    const audit = await adminCall<{ ok: boolean }>(url(0), 'GET', '/audit');
    expect(audit.body.ok).toBe(true);
  });

  it('when the leading replica stops, the other one is elected and sweeps', async () => {
    const leaderIndex = deployment.replicas.findIndex((replica) => replica.sweeper.isLeader);
    const [leader] = deployment.replicas.splice(leaderIndex, 1);
    await leader?.stop();
    const survivor = deployment.replicas[0];
    await waitFor('the survivor leads', () => survivor?.sweeper.isLeader === true);
    const sku = await createSku(4);
    const orderId = await reserve(sku, 4, 0);
    await waitFor('the hold expired', async () => (await statusOf(orderId)) === 'expired');
    expect(survivor?.sweeper.stats.handled).toBeGreaterThanOrEqual(1);
    expect(await stockOf(deployment.pool, sku)).toEqual({
      stocked: 4,
      available: 4,
      reserved: 0,
      sold: 0,
    });
    expect(
      await outboxCount(deployment.pool, 'order.cancelled', { published: true }),
    ).toBeGreaterThanOrEqual(11);
    const audit = await adminCall<{ ok: boolean; checks: Array<{ ok: boolean }> }>(
      url(0),
      'GET',
      '/audit',
    );
    expect(audit.body.checks.every((check) => check.ok)).toBe(true);
  });
});
