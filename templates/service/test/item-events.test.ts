import { createEnvelope, DeadLetterHeader, encodeEvent, headerText } from '@lockstep/events';
import { mintDevelopmentToken } from '@lockstep/service-kit';
import {
  type ApiResponse,
  adminCall,
  bearerCall,
  call,
  DeadLetterWatch,
  testKafka,
  uniqueName,
  waitFor,
} from '@lockstep/testkit';
import type { Kafka, Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Claim, type Item, itemClaimed, itemsTopic } from '../src/index.ts';
import { type AcmeWidgetsDeployment, startDeployment } from './support/deployment.ts';

/**
 * The item-events consumer: a redelivered event has one effect, and a malformed message is
 * dead-lettered while the consumer goes on with the messages behind it.
 */
describe('the item-events consumer', () => {
  let deployment: AcmeWidgetsDeployment;
  let kafka: Kafka;
  let producer: Producer;
  let base: string;

  beforeAll(async () => {
    deployment = await startDeployment(1);
    base = deployment.replicas[0]?.url ?? '';
    kafka = testKafka('acme-widgets-test');
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  });
  afterAll(async () => {
    await producer?.disconnect();
    await deployment?.stop();
  });

  async function createItem(capacity: number): Promise<string> {
    const itemId = uniqueName('item');
    expect((await adminCall(base, 'POST', '/items', { itemId, capacity })).status).toBe(201);
    return itemId;
  }

  async function settledClaim(itemId: string, quantity: number): Promise<Claim> {
    const token = await mintDevelopmentToken({ subject: uniqueName('claimant'), role: 'customer' });
    const made: ApiResponse<Claim> = await bearerCall(
      base,
      'POST',
      `/items/${itemId}/claims`,
      token,
      { quantity },
    );
    expect(made.status).toBe(201);
    const path = `/claims/${made.body.claimId}`;
    await waitFor(
      `claim ${made.body.claimId} settled`,
      async () => (await bearerCall<Claim>(base, 'GET', path, token)).body.status === 'settled',
    );
    return made.body;
  }

  it('the same item.claimed delivered twice, and again under a new id, settles its claim once', async () => {
    const itemId = await createItem(10);
    const first = await settledClaim(itemId, 3);
    const { rows } = await deployment.pool.query<{ id: string }>(
      "SELECT id FROM outbox WHERE type = 'item.claimed' AND payload->>'claimId' = $1",
      [first.claimId],
    );
    const payload = { claimId: first.claimId, itemId, quantity: 3 };
    const again = createEnvelope(itemClaimed, payload, { id: rows[0]?.id ?? '' });
    const renamed = createEnvelope(itemClaimed, payload);
    await producer.send({
      topic: itemsTopic,
      messages: [again, renamed].map((e) => encodeEvent(e)),
    });
    // Same key, so consumed after both.
    await settledClaim(itemId, 2);
    const item = await call<Item>(base, 'GET', `/items/${itemId}`);
    expect(item.body).toMatchObject({ claimed: 5, settled: 5 });
    const processed = await deployment.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM processed_events WHERE event_id = ANY($1::uuid[])',
      [[again.id, renamed.id]],
    );
    expect(processed.rows[0]?.n).toBe(2);
  });

  it('a malformed message goes to the dead-letter topic and the consumer keeps going', async () => {
    const deadLetters = new DeadLetterWatch(
      kafka,
      deployment.groupId,
      'acme-widgets-dlq',
      itemsTopic,
    );
    await deadLetters.start();
    try {
      const itemId = await createItem(1);
      // Same key as the claim's event, so that event queues behind the poison message.
      await producer.send({
        topic: itemsTopic,
        messages: [{ key: itemId, value: '{"not": "an event"' }],
      });
      await settledClaim(itemId, 1);
      await waitFor('the dead letter', () =>
        deadLetters.messages.some((m) => m.key?.toString() === itemId),
      );
      const letter = deadLetters.messages.find((m) => m.key?.toString() === itemId);
      expect(headerText(letter?.headers, DeadLetterHeader.reason)).toBe('invalid');
      const audit = await adminCall<{ ok: boolean }>(base, 'GET', '/audit');
      expect(audit.body.ok).toBe(true);
    } finally {
      await deadLetters.stop();
    }
  });
});
