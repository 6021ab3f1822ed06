import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';
import { headerText } from '../../src/index.ts';
import { uniqueName, waitFor } from './names.ts';

// Not @lockstep/testkit's TopicRecorder: testkit depends on this package, so its tests keep
// their own (see names.ts).

/** Collects everything published to a dead-letter topic while a test file runs. */
export class DeadLetterReader {
  /** Every dead letter so far, in arrival order. */
  readonly messages: KafkaMessage[] = [];
  private readonly consumer: Consumer;

  constructor(
    kafka: Kafka,
    private readonly topic: string,
  ) {
    this.consumer = kafka.consumer({
      groupId: uniqueName('events-test-dlq-reader'),
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      maxWaitTimeInMs: 500,
    });
  }

  /** Subscribes from the beginning and resolves once the group is joined. */
  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    const joined = new Promise<void>((resolve) => {
      const remove = this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
        remove();
        resolve();
      });
    });
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        this.messages.push(message);
      },
    });
    await joined;
  }

  /** Dead letters whose `header` is `value` (e.g. `event-id`). */
  where(header: string, value: string): KafkaMessage[] {
    return this.messages.filter((message) => headerText(message.headers, header) === value);
  }

  /** Waits for the first dead letter whose `header` is `value`. */
  async waitFor(header: string, value: string): Promise<KafkaMessage> {
    await waitFor(
      `a dead letter with ${header}=${value}`,
      () => this.where(header, value).length > 0,
    );
    return this.where(header, value)[0] as KafkaMessage;
  }

  /** Leaves the group. */
  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}
