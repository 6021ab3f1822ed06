/**
 * Messages per second one consumer gets through a backlog of small events with a handler that
 * does nothing, so the figure is the consumer's own cost: decode, the dedupe transaction and
 * offset commits. Two consumers, alternating over rounds so a burst of load from elsewhere
 * hits both alike:
 *
 * - baseline: a plain kafkajs consumer doing what EventConsumer did before its commits were
 *   batched: the same dedupe transaction (runOnce), then an awaited commit for every message;
 * - ours: EventConsumer, which commits in the background (OffsetCommitter).
 *
 * The backlog is produced before the consumer starts; the clock runs from the first handler
 * call to the commit of the last offset.
 *
 *   npm run bench --workspace @lockstep/events -- [--messages 2000] [--rounds 3]
 *
 * Uses the local stack (`npm run infra:up`) with topics, groups and a database of its own.
 */
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import type { Kafka } from 'kafkajs';
import type pg from 'pg';
import { runOnce } from '../src/consumer/run-once.ts';
import {
  createEnvelope,
  deadLetterTopicOf,
  decodeEvent,
  EventConsumer,
  encodeEvent,
  ensureTopics,
} from '../src/index.ts';
import { recordCommits } from '../test/support/commit-log.ts';
import { uniqueName, waitFor } from '../test/support/names.ts';
import { paymentCatalog } from '../test/support/payment-events.ts';
import { createTestDatabase } from '../test/support/test-database.ts';
import { deleteTopics, rawProducer, testKafka } from '../test/support/test-kafka.ts';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '3' },
  },
});
const total = Number(values.messages);
const rounds = Number(values.rounds);
const kafka = testKafka('events-bench');
const db = await createTestDatabase('bench');
const topics: string[] = [];

type Subject = 'baseline' | 'ours';
interface Figure {
  subject: Subject;
  messagesPerSecond: number;
  commitRequests: number;
}

/** A new topic with `total` events on it, and its catalog. */
async function backlog() {
  const topic = uniqueName('events.bench');
  topics.push(topic, deadLetterTopicOf(topic));
  const { paymentRequested, catalog } = paymentCatalog(topic);
  await ensureTopics(kafka, [{ topic, partitions: 1 }]);
  const producer = rawProducer(kafka);
  await producer.connect();
  for (let sent = 0; sent < total; sent += 500) {
    const messages = Array.from({ length: Math.min(500, total - sent) }, (_, i) =>
      encodeEvent(
        createEnvelope(paymentRequested, {
          paymentId: `p-${sent + i}`,
          walletId: `w-${(sent + i) % 50}`,
          amount: 1,
        }),
      ),
    );
    await producer.send({ topic, messages });
  }
  await producer.disconnect();
  return { topic, catalog };
}

/** The old shape: dedupe transaction, then an awaited commit, message by message. */
async function startBaseline(
  client: Kafka,
  pool: pg.Pool,
  topic: string,
  catalog: ReturnType<typeof paymentCatalog>['catalog'],
  onHandled: () => void,
) {
  const groupId = uniqueName('events-bench-baseline');
  const consumer = client.consumer({ groupId, maxWaitTimeInMs: 1_000 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ topic, partition, message }) => {
      const { event, digest } = decodeEvent(message, catalog);
      await runOnce(pool, groupId, { id: event.id, type: event.type, digest }, async () => {
        onHandled();
      });
      const next = (BigInt(message.offset) + 1n).toString();
      await consumer.commitOffsets([{ topic, partition, offset: next }]);
    },
  });
  return { stop: () => consumer.disconnect() };
}

async function measure(subject: Subject): Promise<Figure> {
  const { topic, catalog } = await backlog();
  let firstHandledAt: number | undefined;
  let lastCommitAt = 0;
  const log = recordCommits(kafka, (commits) => {
    if (commits.some((commit) => commit.offset >= total)) lastCommitAt = performance.now();
  });
  const handled = () => {
    firstHandledAt ??= performance.now();
  };
  let stop: () => Promise<void>;
  if (subject === 'baseline') {
    ({ stop } = await startBaseline(log.kafka, db.pool, topic, catalog, handled));
  } else {
    const consumer = new EventConsumer({
      kafka: log.kafka,
      pool: db.pool,
      groupId: uniqueName('events-bench-ours'),
      catalog,
      handlers: { 'payment.requested': async () => handled() },
    });
    await consumer.start();
    stop = () => consumer.stop();
  }
  try {
    await waitFor('the last offset to be committed', () => lastCommitAt > 0, 300_000);
  } finally {
    await stop();
  }
  const seconds = (lastCommitAt - (firstHandledAt ?? lastCommitAt)) / 1_000;
  return {
    subject,
    messagesPerSecond: Math.round(total / seconds),
    commitRequests: log.requests.length,
  };
}

const loadBefore = execFileSync('uptime', { encoding: 'utf8' }).trim();
const figures: Figure[] = [];
try {
  for (let round = 1; round <= rounds; round++) {
    for (const subject of ['baseline', 'ours'] as const) {
      const figure = await measure(subject);
      figures.push(figure);
      console.error(`[bench] round ${round} ${subject}: ${JSON.stringify(figure)}`);
    }
  }
} finally {
  await db.drop();
  await deleteTopics(kafka, topics);
}
const median = (subject: Subject, pick: (figure: Figure) => number) => {
  const sorted = figures
    .filter((figure) => figure.subject === subject)
    .map(pick)
    .sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};
const baseline = median('baseline', (figure) => figure.messagesPerSecond);
const ours = median('ours', (figure) => figure.messagesPerSecond);
console.log(
  JSON.stringify({
    messages: total,
    rounds,
    baseline: {
      messagesPerSecond: baseline,
      commitRequests: median('baseline', (f) => f.commitRequests),
    },
    ours: { messagesPerSecond: ours, commitRequests: median('ours', (f) => f.commitRequests) },
    ratio: Number((ours / baseline).toFixed(2)),
    loadBefore,
    loadAfter: execFileSync('uptime', { encoding: 'utf8' }).trim(),
  }),
);
