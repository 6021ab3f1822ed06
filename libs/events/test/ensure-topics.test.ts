import { afterAll, describe, expect, it } from 'vitest';
import { deadLetterTopicOf, EventErrorCode, ensureTopics } from '../src/index.ts';
import { uniqueName } from './support/names.ts';
import { deleteTopics, testKafka } from './support/test-kafka.ts';

// Silent: racing creators make the broker answer TOPIC_ALREADY_EXISTS, which kafkajs logs.
const kafka = testKafka('events-topics-test', { silent: true });
const created: string[] = [];

async function partitionCounts(topics: string[]): Promise<Record<string, number>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
    return Object.fromEntries(metadata.map((topic) => [topic.name, topic.partitions.length]));
  } finally {
    await admin.disconnect();
  }
}

describe('ensureTopics', () => {
  afterAll(async () => {
    await deleteTopics(kafka, created);
  });

  it('creates each topic and its dead-letter topic with the partitions asked for', async () => {
    const orders = uniqueName('events.topics.orders');
    const stock = uniqueName('events.topics.stock');
    created.push(orders, stock, deadLetterTopicOf(orders), deadLetterTopicOf(stock));
    await ensureTopics(kafka, [
      { topic: orders, partitions: 3 },
      { topic: stock, partitions: 2 },
    ]);
    expect(await partitionCounts(created)).toEqual({
      [orders]: 3,
      [stock]: 2,
      [`${orders}.dlq`]: 3,
      [`${stock}.dlq`]: 2,
    });
  });

  it('is idempotent: calling it again, or from two replicas at once, succeeds and changes nothing', async () => {
    const topic = uniqueName('events.topics.race');
    created.push(topic, deadLetterTopicOf(topic));
    const spec = [{ topic, partitions: 2 }];
    await Promise.all([ensureTopics(kafka, spec), ensureTopics(kafka, spec)]);
    await ensureTopics(kafka, [{ topic, partitions: 5 }]);
    expect(await partitionCounts([topic, deadLetterTopicOf(topic)])).toEqual({
      [topic]: 2,
      [`${topic}.dlq`]: 2,
    });
  });

  it('refuses a partition count below 1 with EVENT_INVALID_ARGUMENT before calling Kafka', async () => {
    await expect(
      ensureTopics(kafka, [{ topic: 'never-created', partitions: 0 }]),
    ).rejects.toMatchObject({
      code: EventErrorCode.InvalidArgument,
    });
  });
});
