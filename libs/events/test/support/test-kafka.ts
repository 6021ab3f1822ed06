import { localTopology } from '@lockstep/infra-local';
import { Kafka, type KafkaMessage, logLevel, Partitioners, type Producer } from 'kafkajs';
import { uniqueName } from './names.ts';

// Not @lockstep/testkit's testKafka: testkit depends on this package, so its tests keep
// their own (see names.ts).

/**
 * A kafkajs client for the shared local broker. `retries` bounds each request's retries;
 * `silent` drops kafkajs' own error logging for tests that provoke broker errors on purpose.
 */
export function testKafka(
  clientId: string,
  options: { retries?: number; silent?: boolean } = {},
): Kafka {
  return new Kafka({
    clientId,
    brokers: [localTopology().kafka],
    sasl: localTopology().kafkaSasl,
    logLevel: options.silent ? logLevel.NOTHING : logLevel.WARN,
    // Only when asked: a client-wide retry limit also caps the idempotent producers' retries,
    // which kafkajs warns about on every producer.
    ...(options.retries === undefined
      ? {}
      : { retry: { retries: options.retries, initialRetryTime: 100 } }),
  });
}

/** A plain producer (not the library's) for putting hand-made messages on a topic. */
export function rawProducer(kafka: Kafka): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
}

/** How many messages a topic holds (sum over partitions of high minus low watermark). */
export async function messageCount(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}

/** The offset `groupId` has committed on one partition of `topic` (-1 when none). */
export async function committedOffset(
  kafka: Kafka,
  groupId: string,
  topic: string,
  partition = 0,
): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const committed = offsets?.partitions.find((p) => p.partition === partition);
    return Number(committed?.offset ?? -1);
  } finally {
    await admin.disconnect();
  }
}

/** Reads the first `count` messages of a topic with a throwaway consumer group. */
export async function readMessages(
  kafka: Kafka,
  topic: string,
  count: number,
  timeoutMs = 20_000,
): Promise<KafkaMessage[]> {
  const consumer = kafka.consumer({
    groupId: uniqueName('events-test-reader'),
    sessionTimeout: 10_000,
    heartbeatInterval: 1_000,
    maxWaitTimeInMs: 500,
  });
  const messages: KafkaMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`read ${messages.length}/${count} messages of ${topic}`)),
        timeoutMs,
      );
      void consumer.run({
        eachMessage: async ({ message }) => {
          messages.push(message);
          if (messages.length >= count) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return messages;
}

/** Deletes test topics; a failure only leaves litter on a test broker, so it is ignored. */
export async function deleteTopics(kafka: Kafka, topics: string[]): Promise<void> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.deleteTopics({ topics });
  } catch {
    // Best effort: the names are unique per run, so a leftover topic never meets another test.
  } finally {
    await admin.disconnect();
  }
}
