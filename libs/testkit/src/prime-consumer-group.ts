import { type EventEnvelope, encodeEvent } from '@lockstep/events';
import type { Kafka } from 'kafkajs';
import { waitFor } from './wait-for.js';

/** What {@link primeConsumerGroup} sends, and where. */
export interface PrimerOptions {
  /** The topic the group consumes. */
  topic: string;
  /**
   * A fresh event for one partition, one the service skips with no effect but whose offset
   * it commits (an event it ignores, or one catalogued without a handler).
   */
  primer: () => EventEnvelope;
}

/**
 * Makes sure a new consumer group (started with fromBeginning false) has a committed position
 * on every partition of `topic` before the test produces anything. Without one, a partition's
 * position is only fixed at its first fetch ("latest" at that moment), and an event produced
 * between the group join and that fetch would be skipped. One primer goes to each partition.
 */
export async function primeConsumerGroup(
  kafka: Kafka,
  groupId: string,
  { topic, primer }: PrimerOptions,
): Promise<void> {
  const admin = kafka.admin();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await admin.connect();
  await producer.connect();
  try {
    // Right after a topic is created its leaders may not be known yet; ask again until they are.
    let partitions: number[] = [];
    await waitFor(`the partitions of ${topic}`, async () => {
      partitions = await admin.fetchTopicOffsets(topic).then(
        (offsets) => offsets.map((p) => p.partition),
        () => [],
      );
      return partitions.length > 0;
    });
    await producer.send({
      topic,
      acks: -1,
      messages: partitions.map((partition) => ({ ...encodeEvent(primer()), partition })),
    });
    await waitFor(
      `group ${groupId} to commit an offset on every partition of ${topic}`,
      async () => {
        const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
        return (
          committed !== undefined &&
          committed.partitions.length === partitions.length &&
          committed.partitions.every((p) => Number(p.offset) >= 0)
        );
      },
    );
  } finally {
    await producer.disconnect();
    await admin.disconnect();
  }
}
