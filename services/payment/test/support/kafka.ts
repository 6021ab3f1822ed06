import { localTopology, positionGroupsAtEnd } from '@lockstep/infra-local';
import { uniqueName, waitFor } from '@lockstep/testkit';
import {
  type Consumer,
  Kafka,
  type KafkaMessage,
  logLevel,
  Partitioners,
  type Producer,
} from 'kafkajs';

/** A kafkajs client for the shared local broker, quiet unless something is wrong. */
export function testKafka(clientId: string): Kafka {
  return new Kafka({ clientId, brokers: [localTopology().kafka], logLevel: logLevel.ERROR });
}

/** A plain producer for putting hand-made messages on the shared topics. */
export async function connectedProducer(kafka: Kafka): Promise<Producer> {
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  return producer;
}

/** Records what is published to a topic from the moment it starts, with its own group. */
export class TopicRecorder {
  /** Every message so far, in arrival order. */
  readonly messages: KafkaMessage[] = [];
  private readonly consumer: Consumer;
  private readonly groupId = uniqueName('payment-test-recorder');

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
  ) {
    this.consumer = kafka.consumer({
      groupId: this.groupId,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      maxWaitTimeInMs: 200,
    });
  }

  /** Positions at the end, joins, and resolves once partitions are assigned. */
  async start(): Promise<void> {
    await positionGroupsAtEnd(this.kafka, [{ groupId: this.groupId, topic: this.topic }]);
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

  /** Messages whose key is `key`. */
  withKey(key: string): KafkaMessage[] {
    return this.messages.filter((message) => message.key?.toString() === key);
  }

  /** Waits until at least `count` messages match. */
  async waitForCount(
    what: string,
    filter: (message: KafkaMessage) => boolean,
    count: number,
    timeoutMs = 30_000,
  ): Promise<KafkaMessage[]> {
    await waitFor(what, () => this.messages.filter(filter).length >= count, timeoutMs);
    return this.messages.filter(filter);
  }

  /** Leaves the group and deletes it from the shared broker. */
  async stop(): Promise<void> {
    await this.consumer.disconnect();
    await deleteGroups(this.kafka, [this.groupId]);
  }
}

/** Deletes consumer groups a test made; best effort, since a leftover group only takes a name. */
export async function deleteGroups(kafka: Kafka, groupIds: string[]): Promise<void> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.deleteGroups(groupIds);
  } catch {
    // The names are unique per run: a group left behind never meets another test.
  } finally {
    await admin.disconnect();
  }
}

/** The envelope of a recorded event message. */
export function envelopeOf(message: KafkaMessage): {
  id: string;
  type: string;
  // biome-ignore lint/suspicious/noExplicitAny: payload shape differs per event type
  payload: any;
} {
  return JSON.parse(message.value?.toString() ?? 'null');
}
