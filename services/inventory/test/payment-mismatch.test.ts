import { mintDevelopmentToken } from '@lockstep/service-kit';
import {
  adminCall,
  bearerCall,
  DeadLetterWatch,
  expectMismatchesDeadLettered,
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

const { completedFor } = paymentResultsFor('order');

const priceCents = 1_000;

/**
 * Inventory settles an order only from a payment result that repeats the charge the order
 * asked for: a payment.completed naming another payment id, wallet, amount or currency is
 * dead-lettered with EVENT_MISMATCH and leaves the order, the stock and the outbox as they were.
 */
describe('payment results checked against the order on two inventory replicas', () => {
  let deployment: InventoryDeployment;
  let kafka: Kafka;
  let producer: Producer;
  let deadLetters: DeadLetterWatch;
  const sku = uniqueName('CHECKED').toUpperCase();

  beforeAll(async () => {
    deployment = await startDeployment(2);
    kafka = testKafka('inventory-mismatch-test');
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    deadLetters = new DeadLetterWatch(kafka, deployment.groupId, 'inventory-mismatch-dlq');
    await deadLetters.start();
    const url = deployment.replicas[0]?.url ?? '';
    const created = await adminCall(url, 'POST', '/skus', {
      sku,
      name: 'Checked',
      priceCents,
      stock: 3,
    });
    expect(created.status).toBe(201);
  });
  afterAll(async () => {
    await deadLetters?.stop();
    await producer?.disconnect();
    await deployment?.stop();
  });

  it('a payment.completed with another payment id, wallet, amount or currency changes nothing; the matching one confirms', async () => {
    const url = deployment.replicas[1]?.url ?? '';
    const walletId = uniqueName('wallet');
    const customer = await mintDevelopmentToken({ subject: 'customer', role: 'customer' });
    const placed = await bearerCall<{ orderId: string; amountCents: number }>(
      url,
      'POST',
      '/orders',
      customer,
      {
        sku,
        quantity: 1,
        walletId,
        deliverTo: { lat: 1, lng: 2 },
      },
    );
    expect(placed.status).toBe(201);
    const { orderId, amountCents } = placed.body;
    const state = async () => ({
      order: (
        await deployment.pool.query(
          'SELECT status, reason, updated_at FROM orders WHERE order_id = $1',
          [orderId],
        )
      ).rows,
      stock: await stockOf(deployment.pool, sku),
      outbox: (await deployment.pool.query('SELECT count(*)::int AS n FROM outbox')).rows[0],
    });

    const forged = await expectMismatchesDeadLettered({
      kind: 'order',
      charge: { id: orderId, walletId, amountCents },
      producer,
      deadLetters,
      state,
    });
    const { rowCount } = await deployment.pool.query(
      'SELECT 1 FROM processed_events WHERE event_id = ANY($1::uuid[])',
      [forged.map((envelope) => envelope.id)],
    );
    expect(rowCount).toBe(0);

    await publishResults(producer, [completedFor(orderId, amountCents, walletId)]);
    await waitFor(
      'the order confirmed',
      async () => (await state()).order[0]?.status === 'confirmed',
    );
    expect(await stockOf(deployment.pool, sku)).toEqual({
      stocked: 3,
      available: 2,
      reserved: 0,
      sold: 1,
    });
    expect(await outboxCount(deployment.pool, 'order.confirmed')).toBe(1);
  });
});
