import { Kafka, logLevel } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { localTopology } from '../src/topology.ts';
import { uniqueName } from './unique-name.ts';

describe('smoke: Kafka (KRaft)', () => {
  const kafka = new Kafka({
    clientId: 'lockstep-smoke',
    brokers: [localTopology().kafka],
    logLevel: logLevel.WARN,
    retry: { retries: 3 },
  });
  const admin = kafka.admin();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  });

  it('kafkajs produces, consumes through a consumer group and commits the offset', async () => {
    const topic = uniqueName('smoke.kafka');
    const groupId = uniqueName('smoke-group');
    await admin.connect();
    cleanups.push(() => admin.disconnect());
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    cleanups.push(() => admin.deleteTopics({ topics: [topic] }));

    await producer.connect();
    cleanups.push(() => producer.disconnect());
    await producer.send({ topic, messages: [{ key: 'order-1', value: 'hello' }] });

    const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 1_000 });
    await consumer.connect();
    cleanups.push(() => consumer.disconnect());
    await consumer.subscribe({ topic, fromBeginning: true });
    const received = new Promise<{ key: string; value: string; offset: string }>((resolve) => {
      void consumer.run({
        autoCommit: false,
        eachMessage: async ({ message, partition }) => {
          await consumer.commitOffsets([
            { topic, partition, offset: (BigInt(message.offset) + 1n).toString() },
          ]);
          resolve({
            key: message.key?.toString() ?? '',
            value: message.value?.toString() ?? '',
            offset: message.offset,
          });
        },
      });
    });
    const message = await received;
    expect(message).toEqual({ key: 'order-1', value: 'hello', offset: '0' });

    const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect(committed[0]?.partitions[0]?.offset).toBe('1');
  });
});
