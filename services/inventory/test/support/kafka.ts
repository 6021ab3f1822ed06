import { paymentCompleted, paymentFailed, Topics } from '@lockstep/contracts';
import {
  createEnvelope,
  DeadLetterHeader,
  deadLetterTopicOf,
  type EventEnvelope,
  encodeEvent,
  headerText,
} from '@lockstep/events';
import { localTopology } from '@lockstep/infra-local';
import { type Consumer, Kafka, type KafkaMessage, logLevel, type Producer } from 'kafkajs';
import { uniqueName } from './names.ts';

/** A kafkajs client for the shared local broker, quiet. */
export function testKafka(): Kafka {
  return new Kafka({
    clientId: uniqueName('inventory-test'),
    brokers: [localTopology().kafka],
    logLevel: logLevel.NOTHING,
  });
}

/** What a payment result for one of our orders looks like. */
export function completedFor(orderId: string, amountCents: number) {
  return createEnvelope(paymentCompleted, {
    paymentId: orderId,
    walletId: 'wallet-test',
    amountCents,
    reference: { kind: 'order', id: orderId },
  });
}

/** A refused payment for one of our orders. */
export function failedFor(orderId: string, amountCents: number) {
  return createEnvelope(paymentFailed, {
    paymentId: orderId,
    walletId: 'wallet-test',
    amountCents,
    reference: { kind: 'order', id: orderId },
    reason: 'insufficient-funds',
  });
}

/** Plays the payment service: puts envelopes on payment-results as it would. */
export async function publishResults(
  producer: Producer,
  envelopes: EventEnvelope[],
): Promise<void> {
  await producer.send({
    topic: Topics.paymentResults,
    acks: -1,
    messages: envelopes.map((envelope) => encodeEvent(envelope)),
  });
}

/** Collects the dead letters one consumer group produced on payment-results.dlq. */
export class DeadLetterWatch {
  readonly messages: KafkaMessage[] = [];
  private readonly consumer: Consumer;

  constructor(
    kafka: Kafka,
    private readonly consumerName: string,
  ) {
    this.consumer = kafka.consumer({
      groupId: uniqueName('inventory-test-dlq'),
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      maxWaitTimeInMs: 500,
    });
  }

  /**
   * Reads the dead-letter topic from its start (filtering on the consumer header), so no
   * letter written while the group is still being assigned can be skipped.
   */
  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({
      topic: deadLetterTopicOf(Topics.paymentResults),
      fromBeginning: true,
    });
    const joined = new Promise<void>((resolve) => {
      const remove = this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
        remove();
        resolve();
      });
    });
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        if (headerText(message.headers, DeadLetterHeader.consumer) === this.consumerName) {
          this.messages.push(message);
        }
      },
    });
    await joined;
  }

  /** Leaves the group. */
  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}
