import { Topics } from '@lockstep/contracts';
import { DeadLetterHeader, deadLetterTopicOf, headerText } from '@lockstep/events';
import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';
import { uniqueName } from './unique-name.js';

/** Collects the dead letters one consumer group produced on a topic's `.dlq` (payment-results'). */
export class DeadLetterWatch {
  /** The dead letters so far, in arrival order. */
  readonly messages: KafkaMessage[] = [];
  private readonly consumer: Consumer;

  /**
   * `consumerName` is the dead-lettering consumer's; the watch's own group starts with
   * `groupPrefix`; `topic` is the one whose dead letters are watched.
   */
  constructor(
    kafka: Kafka,
    private readonly consumerName: string,
    groupPrefix: string,
    private readonly topic: string = Topics.paymentResults,
  ) {
    this.consumer = kafka.consumer({
      groupId: uniqueName(groupPrefix),
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
      topic: deadLetterTopicOf(this.topic),
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
