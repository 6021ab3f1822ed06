/**
 * Messages per second one EventConsumer gets through a backlog of small events with a handler
 * that does nothing (so the figure is the consumer's own cost: decode, the dedupe transaction,
 * offset commits), and how many commit requests it sent. The backlog is produced before the
 * consumer starts; the clock runs from the first handler call to the commit of the last offset.
 *
 *   npx tsx --conditions=lockstep-source bench/consumer-throughput.ts [--messages 2000]
 *
 * Uses the local stack (`npm run infra:up`) with a topic, group and database of its own.
 */
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import {
  createEnvelope,
  deadLetterTopicOf,
  EventConsumer,
  encodeEvent,
  ensureTopics,
} from '../src/index.ts';
import { recordCommits } from '../test/support/commit-log.ts';
import { uniqueName, waitFor } from '../test/support/names.ts';
import { paymentCatalog } from '../test/support/payment-events.ts';
import { createTestDatabase } from '../test/support/test-database.ts';
import { deleteTopics, rawProducer, testKafka } from '../test/support/test-kafka.ts';

const { values } = parseArgs({ options: { messages: { type: 'string', default: '2000' } } });
const total = Number(values.messages);
const kafka = testKafka('events-bench');
const topic = uniqueName('events.bench');
const { paymentRequested, catalog } = paymentCatalog(topic);
const db = await createTestDatabase('bench');
let lastCommitAt = 0;
const log = recordCommits(kafka, (commits) => {
  if (commits.some((commit) => commit.offset >= total)) lastCommitAt = performance.now();
});
const consumer = new EventConsumer({
  kafka: log.kafka,
  pool: db.pool,
  groupId: uniqueName('events-bench-group'),
  catalog,
  handlers: {
    'payment.requested': async () => {
      firstHandledAt ??= performance.now();
    },
  },
});
let firstHandledAt: number | undefined;
const loadBefore = execFileSync('uptime', { encoding: 'utf8' }).trim();
try {
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
  await consumer.start();
  await waitFor('the last offset to be committed', () => lastCommitAt > 0, 300_000);
  const seconds = (lastCommitAt - (firstHandledAt ?? lastCommitAt)) / 1_000;
  console.log(
    JSON.stringify({
      messages: total,
      processed: consumer.stats.processed,
      seconds: Number(seconds.toFixed(2)),
      messagesPerSecond: Math.round(total / seconds),
      commitRequests: log.requests.length,
      loadBefore,
      loadAfter: execFileSync('uptime', { encoding: 'utf8' }).trim(),
    }),
  );
} finally {
  await consumer.stop();
  await db.drop();
  await deleteTopics(kafka, [topic, deadLetterTopicOf(topic)]);
}
