import type { Kafka } from 'kafkajs';

/** One offset commit request a consumer made, as kafkajs reports it once the broker took it. */
export interface OffsetCommit {
  topic: string;
  partition: number;
  /** The committed offset: the next message the group will read. */
  offset: number;
}

/** A Kafka client whose consumers report every offset commit, and the commits so far. */
export interface CommitLog {
  /** Hand this to the consumer under test instead of the plain client. */
  kafka: Kafka;
  /** Every commit request in order; one request may carry several partitions. */
  requests: OffsetCommit[][];
}

/**
 * Wraps `kafka` so that each consumer it makes reports its commit requests (kafkajs'
 * COMMIT_OFFSETS instrumentation event) to the log and to `onCommit`, which runs as the
 * request is acknowledged: a test can compare the offset with what the handler had done by then.
 */
export function recordCommits(
  kafka: Kafka,
  onCommit: (commits: OffsetCommit[]) => void = () => {},
): CommitLog {
  const requests: OffsetCommit[][] = [];
  const recording = new Proxy(kafka, {
    get(target, property, receiver) {
      if (property !== 'consumer') return Reflect.get(target, property, receiver);
      return (...args: Parameters<Kafka['consumer']>) => {
        const consumer = target.consumer(...args);
        consumer.on(consumer.events.COMMIT_OFFSETS, ({ payload }) => {
          const commits = payload.topics.flatMap(({ topic, partitions }) =>
            partitions.map(({ partition, offset }) => ({
              topic,
              partition: Number(partition),
              offset: Number(offset),
            })),
          );
          requests.push(commits);
          onCommit(commits);
        });
        return consumer;
      };
    },
  });
  return { kafka: recording, requests };
}
