import type { Admin, Kafka } from 'kafkajs';
import { deadLetterSuffix } from '../definitions/event-definition.js';
import { EventError, EventErrorCode } from '../errors/index.js';

/** A topic an application publishes to, and how many partitions it needs. */
export interface TopicSpec {
  /** Topic name. */
  topic: string;
  /** Partitions: the most consumers of one group that can work in parallel. */
  partitions: number;
}

/** Options for {@link ensureTopics}. */
export interface EnsureTopicsOptions {
  /** Also create `<topic>.dlq` for every topic (default true). */
  deadLetter?: boolean;
  /** Replication factor for new topics (default: the broker's default). */
  replicationFactor?: number;
  /** How long to wait for every partition to have a leader, in ms (default 30 000). */
  timeoutMs?: number;
}

/** The dead-letter topic of `topic`. */
export function deadLetterTopicOf(topic: string): string {
  return `${topic}${deadLetterSuffix}`;
}

/**
 * Creates every missing topic (and its dead-letter topic), then waits until all their
 * partitions have leaders. Idempotent and safe to race: replicas of a service all call it at
 * start-up, and a topic another replica created first counts as done. Existing topics are
 * never altered (their partition counts stay as they are).
 */
export async function ensureTopics(
  kafka: Kafka,
  topics: readonly TopicSpec[],
  options: EnsureTopicsOptions = {},
): Promise<void> {
  const wanted = new Map<string, number>();
  for (const { topic, partitions } of topics) {
    if (!Number.isInteger(partitions) || partitions < 1) {
      throw new EventError(
        EventErrorCode.InvalidArgument,
        `topic "${topic}" needs a positive integer partition count, got ${partitions}`,
      );
    }
    wanted.set(topic, partitions);
    // The DLQ gets as many partitions as its topic so dead letters keep their key locality.
    if (options.deadLetter ?? true) wanted.set(deadLetterTopicOf(topic), partitions);
  }
  if (wanted.size === 0) return;
  const admin = kafka.admin();
  try {
    await admin.connect();
    const existing = new Set(await admin.listTopics());
    const missing = [...wanted].filter(([topic]) => !existing.has(topic));
    if (missing.length > 0) {
      // createTopics() answers false when another replica won the race; it then skips its own
      // leader wait, which is why the wait below runs either way.
      await admin.createTopics({
        topics: missing.map(([topic, numPartitions]) => ({
          topic,
          numPartitions,
          replicationFactor: options.replicationFactor ?? -1,
        })),
        waitForLeaders: false,
      });
    }
    await waitForLeaders(admin, [...wanted.keys()], options.timeoutMs ?? 30_000);
  } catch (error) {
    if (error instanceof EventError) throw error;
    throw new EventError(EventErrorCode.BrokerUnavailable, 'could not ensure Kafka topics', {
      cause: error,
    });
  } finally {
    await admin.disconnect();
  }
}

async function waitForLeaders(admin: Admin, topics: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
      const ready = metadata.every(
        (topic) =>
          topic.partitions.length > 0 &&
          topic.partitions.every((partition) => partition.leader >= 0),
      );
      if (ready) return;
    } catch (error) {
      // A topic created a moment ago may not be in the metadata yet: ask again until the deadline.
      if (Date.now() >= deadline) throw error;
    }
    if (Date.now() >= deadline) {
      throw new EventError(
        EventErrorCode.BrokerUnavailable,
        `topics ${topics.join(', ')} have no leaders after ${timeoutMs} ms`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
