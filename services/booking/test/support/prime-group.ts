import { paymentRefunded, Topics } from '@lockstep/contracts';
import { createEnvelope, encodeEvent } from '@lockstep/events';
import type { Kafka } from 'kafkajs';
import { uniqueName, waitFor } from './names.ts';

/**
 * Makes sure a new consumer group (started with fromBeginning false) has a committed position
 * on every partition of payment-results before the test produces anything. Without one, a
 * partition's position is only fixed at its first fetch ("latest" at that moment), and an
 * event produced between the group join and that fetch would be skipped.
 *
 * One payment.refunded for an order goes to each partition: booking ignores other sagas'
 * references without effect but commits the offset (and inventory ignores unknown orders).
 */
export async function primeConsumerGroup(kafka: Kafka, groupId: string): Promise<void> {
  const admin = kafka.admin();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await admin.connect();
  await producer.connect();
  try {
    // Right after a topic is created its leaders may not be known yet; ask again until they are.
    let partitions: number[] = [];
    await waitFor(`the partitions of ${Topics.paymentResults}`, async () => {
      partitions = await admin.fetchTopicOffsets(Topics.paymentResults).then(
        (offsets) => offsets.map((p) => p.partition),
        () => [],
      );
      return partitions.length > 0;
    });
    await producer.send({
      topic: Topics.paymentResults,
      acks: -1,
      messages: partitions.map((partition) => {
        const orderId = uniqueName('primer');
        return {
          ...encodeEvent(
            createEnvelope(paymentRefunded, {
              paymentId: orderId,
              walletId: 'wallet-primer',
              amountCents: 1,
              reference: { kind: 'order', id: orderId },
            }),
          ),
          partition,
        };
      }),
    });
    await waitFor(
      `group ${groupId} to commit an offset on every partition of ${Topics.paymentResults}`,
      async () => {
        const [topic] = await admin.fetchOffsets({ groupId, topics: [Topics.paymentResults] });
        return (
          topic !== undefined &&
          topic.partitions.length === partitions.length &&
          topic.partitions.every((p) => Number(p.offset) >= 0)
        );
      },
    );
  } finally {
    await producer.disconnect();
    await admin.disconnect();
  }
}
