import { Topics } from '@lockstep/contracts';
import { DeadLetterHeader, headerText } from '@lockstep/events';
import { DeadLetterWatch, testKafka, uniqueName, waitFor } from '@lockstep/testkit';
import type { KafkaMessage } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Point, randomArea } from './support/geo.ts';
import { type Api, apiOf } from './support/http-client.ts';
import { OrdersProducer } from './support/orders-producer.ts';
import { type DeliveryDeployment, startDeployment } from './support/replicas.ts';

const kafka = testKafka('delivery-redelivery-test');
let deployment: DeliveryDeployment;
let api: Api;
let producer: OrdersProducer;
let area: Point;
let deadLetters: DeadLetterWatch;

async function countRows(sql: string, orderId: string): Promise<number> {
  return (await deployment.pool.query(sql, [orderId])).rowCount ?? 0;
}

describe('redelivered and malformed order messages', () => {
  beforeAll(async () => {
    deployment = await startDeployment(1);
    api = apiOf(deployment.replicas[0]?.url ?? '');
    area = randomArea();
    producer = new OrdersProducer(kafka);
    await producer.connect();
    // orders.dlq only ever holds poison messages, so reading it from the start is cheap, and
    // it avoids the race a "latest" reader would have with the dead letter we provoke.
    deadLetters = new DeadLetterWatch(
      kafka,
      deployment.groupId,
      'delivery-dlq-reader',
      Topics.orders,
    );
    await deadLetters.start();
    const partner = await api.createPartner({ name: 'Dee', ...area, capacity: 5 });
    expect(partner.status).toBe(201);
  });

  afterAll(async () => {
    await deadLetters?.stop();
    await producer?.disconnect();
    await deployment?.stop();
  });

  it('the same order.confirmed delivered twice, then re-sent as a new event, yields one assignment and one delivery.assigned', async () => {
    const orderId = uniqueName('twice');
    const first = producer.envelope(orderId, area);
    const again = producer.envelope(orderId, area);
    await producer.send([first, first, again]);

    const consumer = deployment.replicas[0]?.consumer.consumer;
    await waitFor('all three deliveries to be handled', async () => {
      return (
        (await api.getAssignment(orderId)).status === 200 && (consumer?.stats.duplicates ?? 0) >= 1
      );
    });
    // The re-sent event is a new id: it is processed, but finds the order already assigned.
    await waitFor(
      'the re-sent event to be seen',
      () => (deployment.replicas[0]?.stats.alreadyKnown ?? 0) >= 1,
    );
    expect(await countRows('SELECT 1 FROM assignments WHERE order_id = $1', orderId)).toBe(1);
    expect(await countRows('SELECT 1 FROM pending_orders WHERE order_id = $1', orderId)).toBe(0);
    expect(
      await countRows(
        "SELECT 1 FROM outbox WHERE key = $1 AND type = 'delivery.assigned'",
        orderId,
      ),
    ).toBe(1);
    const partner = await deployment.pool.query<{ active: number }>('SELECT active FROM partners');
    expect(partner.rows.map((row) => row.active)).toEqual([1]);
    expect((await api.audit()).body.ok).toBe(true);
  });

  it('a malformed message on orders goes to orders.dlq with its reason, and the next order behind it is assigned', async () => {
    const key = uniqueName('poison');
    const nextOrder = producer.envelope(uniqueName('after-poison'), area);
    // One key, one partition: the valid order waits behind the poison message.
    await producer.sendRaw([
      { key, value: '{"type": "order.confirmed", "payload": ', headers: { 'test-case': key } },
      { key, value: JSON.stringify(nextOrder), headers: { 'event-type': 'order.confirmed' } },
    ]);

    await waitFor('the order behind the poison message', async () => {
      return (await api.getAssignment(nextOrder.payload.orderId)).status === 200;
    });
    // Every consumer group of `orders` (other services, other runs) dead-letters it too: the
    // watch keeps only this deployment's group's letters.
    const isOurs = (message: KafkaMessage) => headerText(message.headers, 'test-case') === key;
    await waitFor('our dead letter', () => deadLetters.messages.some(isOurs));
    const ours = deadLetters.messages.filter(isOurs);
    expect(ours).toHaveLength(1);
    const letter = ours[0] as KafkaMessage;
    expect(headerText(letter.headers, DeadLetterHeader.reason)).toBe('invalid');
    expect(headerText(letter.headers, DeadLetterHeader.errorCode)).toBe('EVENT_MALFORMED');
    expect(headerText(letter.headers, DeadLetterHeader.originalTopic)).toBe(Topics.orders);
    expect(letter.key?.toString()).toBe(key);
    expect(deployment.replicas[0]?.consumer.consumer.stats.deadLettered).toBe(1);
    expect((await api.audit()).body.ok).toBe(true);
  });
});
