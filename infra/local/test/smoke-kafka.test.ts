import { Kafka, logLevel } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { localTopology } from '../src/topology.ts';
import { uniqueName } from './unique-name.ts';

describe('smoke: Kafka (KRaft)', () => {
  const kafka = new Kafka({
    clientId: 'lockstep-smoke',
    brokers: [localTopology().kafka],
    sasl: localTopology().kafkaSasl,
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

  /** A short-lived admin client for one login, which gives up at the first refusal. */
  function adminAs(sasl: ReturnType<typeof localTopology>['kafkaSasl'] | undefined) {
    return new Kafka({
      clientId: uniqueName('lockstep-smoke-login'),
      brokers: [localTopology().kafka],
      ...(sasl ? { sasl } : {}),
      logLevel: logLevel.NOTHING,
      connectionTimeout: 3_000,
      retry: { retries: 0 },
    }).admin();
  }

  it('the broker refuses a client without a SASL login, and a wrong password', async () => {
    // Without a login the broker still answers ApiVersions, then closes the connection on the
    // first real request.
    const anonymous = adminAs(undefined);
    await expect(anonymous.connect().then(() => anonymous.listTopics())).rejects.toThrow();
    await anonymous.disconnect();
    const wrong = adminAs({
      ...localTopology().kafkaSaslForServices,
      password: 'not-the-password',
    });
    await expect(wrong.connect()).rejects.toThrow(/SASL SCRAM SHA256 authentication failed/);
    await wrong.disconnect();
  });

  it("the services' login (every replica's KAFKA_USERNAME) produces to a topic", async () => {
    const topic = uniqueName('smoke.kafka.login');
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    cleanups.push(() => admin.deleteTopics({ topics: [topic] }));
    const services = new Kafka({
      clientId: uniqueName('lockstep-smoke-services'),
      brokers: [localTopology().kafka],
      sasl: localTopology().kafkaSaslForServices,
      logLevel: logLevel.NOTHING,
    }).producer();
    await services.connect();
    await services.send({ topic, messages: [{ value: 'from a service' }] });
    await services.disconnect();
    const offsets = await admin.fetchTopicOffsets(topic);
    expect(offsets[0]?.high).toBe('1');
  });
});
