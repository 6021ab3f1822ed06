import { Topics } from '@lockstep/contracts';
import { DeadLetterHeader, headerText } from '@lockstep/events';
import { mintDevelopmentToken } from '@lockstep/service-kit';
import {
  adminCall,
  bearerCall,
  DeadLetterWatch,
  errorCode,
  outboxCount,
  paymentResultsFor,
  publishResults,
  testKafka,
  uniqueName,
  waitFor,
} from '@lockstep/testkit';
import type { Kafka, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InventoryDeployment, startDeployment } from './support/replicas.ts';
import { stockOf } from './support/stock.ts';

const { completedFor, failedFor } = paymentResultsFor('order');

const units = 50;
const buyers = 300;
const paid = 30;
const priceCents = 2_500;

const tokenOf = (customerId: string) =>
  mintDevelopmentToken({ subject: customerId, role: 'customer' });

/**
 * A flash sale against two replicas sharing one database: 300 buyers race for 50 units of one
 * SKU through both replicas, the payment outcomes arrive over Kafka, and the books balance.
 * Run with one lock acquisition per order and with coalescing; with coalescing the batch
 * limit is 10, so that one replica's first batch cannot take all 50 units and the replicas
 * really alternate on the SKU lock.
 */
describe.each([
  { coalescing: 'off', batchLimit: '100' },
  { coalescing: 'on', batchLimit: '10' },
])('flash sale on two inventory replicas, coalescing $coalescing', ({ coalescing, batchLimit }) => {
  let deployment: InventoryDeployment;
  let kafka: Kafka;
  let producer: Producer;
  const sku = uniqueName('FLASH').toUpperCase();
  const winners: Array<{ orderId: string; walletId: string; token: string; replica: number }> = [];

  beforeAll(async () => {
    // A generous lock wait, so every buyer is answered by the stock (201 or SOLD_OUT), never
    // by a lock timeout: this test is about the count, not about queueing time.
    deployment = await startDeployment(2, {
      ORDER_LOCK_WAIT_MS: '60000',
      INVENTORY_COALESCING: coalescing,
      ORDER_BATCH_LIMIT: batchLimit,
    });
    kafka = testKafka('inventory-test');
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  });
  afterAll(async () => {
    await producer?.disconnect();
    await deployment?.stop();
  });

  const replicaUrl = (i: number) => deployment.replicas[i % 2]?.url ?? '';

  it('300 concurrent buyers over both replicas get exactly 50 reservations and 250 SOLD_OUT', async () => {
    const created = await adminCall(replicaUrl(0), 'POST', '/skus', {
      sku,
      name: 'Flash',
      priceCents,
      stock: units,
    });
    expect(created.status).toBe(201);

    // Tokens first, so the buyers race on the SKU and not on signing.
    const tokens = await Promise.all(
      Array.from({ length: buyers }, (_, i) => tokenOf(`buyer-${i}`)),
    );
    const responses = await Promise.all(
      tokens.map(async (token, i) => {
        const response = await bearerCall<{ orderId: string }>(
          replicaUrl(i),
          'POST',
          '/orders',
          token,
          { sku, quantity: 1, walletId: `wallet-${i}`, deliverTo: { lat: 12.9, lng: 77.6 } },
        );
        if (response.status === 201) {
          const { orderId } = response.body;
          winners.push({ orderId, walletId: `wallet-${i}`, token, replica: i % 2 });
        }
        return response;
      }),
    );
    const outcomes = new Map<string, number>();
    for (const response of responses) {
      const key = `${response.status} ${errorCode(response) ?? ''}`.trim();
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    }
    expect(Object.fromEntries(outcomes)).toEqual({ '201': units, '409 SOLD_OUT': buyers - units });
    // Both replicas sold: the SKU lock had real competitors.
    expect(new Set(winners.map((w) => w.replica))).toEqual(new Set([0, 1]));
    const stats = deployment.replicas.map((replica) => replica.reservations);
    const acquisitions = stats.reduce((sum, s) => sum + s.lockAcquisitions, 0);
    const served = stats.reduce((sum, s) => sum + s.batchedOrders, 0);
    expect(served).toBeGreaterThanOrEqual(units);
    // Coalescing serves many orders per acquisition; without it every order takes the lock.
    if (coalescing === 'on') expect(acquisitions).toBeLessThan(served);
    else expect(acquisitions).toBe(served);
    expect(await stockOf(deployment.pool, sku)).toEqual({
      stocked: units,
      available: 0,
      reserved: units,
      sold: 0,
    });
    await waitFor(
      '50 payment.requested published',
      async () =>
        (await outboxCount(deployment.pool, 'payment.requested', { published: true })) === units,
    );
    expect(await outboxCount(deployment.pool, 'payment.requested')).toBe(units);
  });

  it('30 completed and 20 failed payments sell 30 units, put 20 back and confirm 30 orders', async () => {
    const envelopes = winners.map(({ orderId, walletId }, i) =>
      i < paid
        ? completedFor(orderId, priceCents, walletId)
        : failedFor(orderId, priceCents, walletId),
    );
    await publishResults(producer, envelopes);
    await waitFor('every payment outcome applied', async () => {
      const stock = await stockOf(deployment.pool, sku);
      return stock.sold === paid && stock.reserved === 0;
    });
    expect(await stockOf(deployment.pool, sku)).toEqual({
      stocked: units,
      available: units - paid,
      reserved: 0,
      sold: paid,
    });
    const { rows } = await deployment.pool.query<{ status: string; n: number }>(
      'SELECT status, count(*)::int AS n FROM orders GROUP BY status ORDER BY status',
    );
    expect(rows).toEqual([
      { status: 'cancelled', n: units - paid },
      { status: 'confirmed', n: paid },
    ]);
    await waitFor(
      'order events published',
      async () =>
        (await outboxCount(deployment.pool, 'order.confirmed', { published: true })) === paid &&
        (await outboxCount(deployment.pool, 'order.cancelled', { published: true })) ===
          units - paid,
    );
    const failed = await bearerCall<{ status: string; reason: string }>(
      replicaUrl(1),
      'GET',
      `/orders/${winners[paid]?.orderId}`,
      winners[paid]?.token ?? '',
    );
    expect(failed.body).toMatchObject({ status: 'cancelled', reason: 'insufficient-funds' });
    const audit = await adminCall<{ ok: boolean }>(replicaUrl(1), 'GET', '/audit');
    expect(audit.body.ok).toBe(true);
  });

  it('the same payment.completed delivered twice has one effect', async () => {
    const orderId = winners[0]?.orderId ?? '';
    const walletId = winners[0]?.walletId ?? '';
    const first = completedFor(orderId, priceCents, walletId);
    // Already confirmed by the previous test under another event id: a late duplicate of the
    // outcome is a no-op by status. Now the very same message (same event id) twice, then a
    // marker on the same key (same partition, so it is consumed after both copies).
    const marker = failedFor(orderId, priceCents, walletId);
    await publishResults(producer, [first, first, marker]);
    await waitFor('the marker processed', async () => {
      const { rowCount } = await deployment.pool.query(
        'SELECT 1 FROM processed_events WHERE event_id = $1',
        [marker.id],
      );
      return rowCount === 1;
    });
    const { rows } = await deployment.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM processed_events WHERE event_id = $1',
      [first.id],
    );
    expect(rows[0]?.n).toBe(1);
    expect(await stockOf(deployment.pool, sku)).toEqual({
      stocked: units,
      available: units - paid,
      reserved: 0,
      sold: paid,
    });
    expect(await outboxCount(deployment.pool, 'order.confirmed')).toBe(paid);
    const token = winners[0]?.token ?? '';
    const order = await bearerCall<{ status: string }>(
      replicaUrl(0),
      'GET',
      `/orders/${orderId}`,
      token,
    );
    expect(order.body.status).toBe('confirmed');
  });

  it('a malformed message on payment-results goes to payment-results.dlq and the consumer keeps going', async () => {
    const deadLetters = new DeadLetterWatch(kafka, deployment.groupId, 'inventory-test-dlq');
    await deadLetters.start();
    try {
      const token = await tokenOf('late-buyer');
      const reserved = await bearerCall<{ orderId: string }>(
        replicaUrl(0),
        'POST',
        '/orders',
        token,
        {
          sku,
          quantity: 1,
          walletId: 'wallet-late',
          deliverTo: { lat: 1, lng: 2 },
        },
      );
      expect(reserved.status).toBe(201);
      const orderId = reserved.body.orderId;
      // Same key as the order's outcome, so the outcome queues behind the poison message.
      await producer.send({
        topic: Topics.paymentResults,
        messages: [{ key: orderId, value: '{"not": "an event"' }],
      });
      await publishResults(producer, [completedFor(orderId, priceCents, 'wallet-late')]);
      await waitFor('the order behind the poison message confirmed', async () => {
        const path = `/orders/${orderId}`;
        const order = await bearerCall<{ status: string }>(replicaUrl(1), 'GET', path, token);
        return order.body.status === 'confirmed';
      });
      await waitFor('the dead letter', () =>
        deadLetters.messages.some((m) => m.key?.toString() === orderId),
      );
      const letter = deadLetters.messages.find((m) => m.key?.toString() === orderId);
      expect(headerText(letter?.headers, DeadLetterHeader.reason)).toBe('invalid');
      expect(letter?.value?.toString()).toBe('{"not": "an event"');
      expect(await stockOf(deployment.pool, sku)).toMatchObject({ sold: paid + 1, reserved: 0 });
      const audit = await adminCall<{ ok: boolean }>(replicaUrl(0), 'GET', '/audit');
      expect(audit.body.ok).toBe(true);
    } finally {
      await deadLetters.stop();
    }
  });
});
