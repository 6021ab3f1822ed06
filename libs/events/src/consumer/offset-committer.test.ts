import type { TopicPartitionOffsetAndMetadata } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../logger.js';
import { OffsetCommitter } from './offset-committer.js';

/** A commit function whose requests the test answers by hand. */
function manualBroker() {
  const requests: Array<{
    offsets: TopicPartitionOffsetAndMetadata[];
    answer: (error?: Error) => void;
  }> = [];
  const commit = (offsets: TopicPartitionOffsetAndMetadata[]) =>
    new Promise<void>((resolve, reject) => {
      requests.push({ offsets, answer: (error) => (error ? reject(error) : resolve()) });
    });
  return { requests, commit };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('OffsetCommitter (logic only; the consumer tests prove it against Kafka)', () => {
  it('sends one request at a time, with the newest offset of each partition, never an older one', async () => {
    const broker = manualBroker();
    const committer = new OffsetCommitter({ ...broker, intervalMs: 0, logger: silentLogger });
    committer.done('t', 0, 1n);
    await tick();
    expect(broker.requests).toHaveLength(1);
    committer.done('t', 0, 2n);
    committer.done('t', 0, 3n);
    committer.done('t', 1, 7n);
    await tick();
    expect(broker.requests).toHaveLength(1); // the first is still in flight
    broker.requests[0]?.answer();
    await tick();
    expect(broker.requests).toHaveLength(2);
    expect(broker.requests[1]?.offsets).toEqual([
      { topic: 't', partition: 0, offset: '3' },
      { topic: 't', partition: 1, offset: '7' },
    ]);
    broker.requests[1]?.answer();
    await tick();
    committer.done('t', 0, 2n); // behind what was committed: ignored
    await tick();
    expect(broker.requests).toHaveLength(2);
  });

  it('puts a failed request back unless newer offsets came in, and drops partitions lost in a rebalance', async () => {
    const broker = manualBroker();
    const committer = new OffsetCommitter({ ...broker, intervalMs: 0, logger: silentLogger });
    committer.done('t', 0, 5n);
    committer.done('t', 1, 5n);
    await tick();
    committer.done('t', 1, 6n);
    committer.reassigned({ t: [1] });
    broker.requests[0]?.answer(new Error('coordinator moved'));
    await tick();
    expect(broker.requests[1]?.offsets).toEqual([{ topic: 't', partition: 1, offset: '6' }]);
  });

  it('close sends what is pending, waits for it, and sends nothing after', async () => {
    const broker = manualBroker();
    const committer = new OffsetCommitter({ ...broker, intervalMs: 60_000, logger: silentLogger });
    committer.done('t', 0, 1n);
    await tick();
    committer.done('t', 0, 2n); // held back by the interval
    const closing = committer.close();
    broker.requests[0]?.answer();
    await tick();
    expect(broker.requests[1]?.offsets).toEqual([{ topic: 't', partition: 0, offset: '2' }]);
    broker.requests[1]?.answer();
    await closing;
    committer.done('t', 0, 3n);
    await tick();
    expect(broker.requests).toHaveLength(2);
  });
});
