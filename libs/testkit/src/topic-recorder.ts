import { deleteGroups, positionGroupsAtEnd } from '@lockstep/infra-local';
import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';
import { uniqueName } from './unique-name.js';
import { waitFor } from './wait-for.js';

/** What a {@link TopicRecorder} reads and keeps. */
export interface TopicRecorderOptions {
  /** The recorder's own consumer group is named `<groupPrefix>-<unique>`. */
  groupPrefix: string;
  /** Read what the topic already holds too; by default only what is published after start(). */
  fromBeginning?: boolean;
  /** Keeps only the messages this accepts; by default every one. */
  accept?: (message: KafkaMessage) => boolean;
}

/** Records the messages published to one topic, through a consumer group of its own. */
export class TopicRecorder {
  /** The messages kept so far, in arrival order. */
  readonly messages: KafkaMessage[] = [];
  private readonly consumer: Consumer;
  private readonly groupId: string;

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
    private readonly options: TopicRecorderOptions,
  ) {
    this.groupId = uniqueName(options.groupPrefix);
    this.consumer = kafka.consumer({
      groupId: this.groupId,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
      maxWaitTimeInMs: 200,
    });
  }

  /**
   * Joins and resolves once partitions are assigned. Without fromBeginning the group is first
   * positioned at the topic's end: "latest" would be resolved only at the first fetch, after
   * the join, and could skip what the test publishes meanwhile.
   */
  async start(): Promise<void> {
    if (!this.options.fromBeginning) {
      await positionGroupsAtEnd(this.kafka, [{ groupId: this.groupId, topic: this.topic }]);
    }
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    const joined = new Promise<void>((resolve) => {
      const remove = this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
        remove();
        resolve();
      });
    });
    const accept = this.options.accept ?? (() => true);
    await this.consumer.run({
      eachMessage: async ({ message }) => {
        if (accept(message)) this.messages.push(message);
      },
    });
    await joined;
  }

  /** Messages whose key is `key`. */
  withKey(key: string): KafkaMessage[] {
    return this.messages.filter((message) => message.key?.toString() === key);
  }

  /** Waits until at least `count` kept messages match `filter`, and resolves with them. */
  async waitForCount(
    what: string,
    filter: (message: KafkaMessage) => boolean,
    count: number,
    timeoutMs = 30_000,
  ): Promise<KafkaMessage[]> {
    await waitFor(what, () => this.messages.filter(filter).length >= count, { timeoutMs });
    return this.messages.filter(filter);
  }

  /**
   * Waits until, for every id in `ids`, some kept message has `idOf(message) === id`, and
   * resolves with the kept messages that have one of them. Delivery is at least once, so a
   * count of messages could be reached by one message twice while another is still missing.
   */
  async waitForEach(
    what: string,
    idOf: (message: KafkaMessage) => string | undefined,
    ids: ReadonlySet<string>,
    timeoutMs = 30_000,
  ): Promise<KafkaMessage[]> {
    const ours = () => this.messages.filter((message) => ids.has(idOf(message) ?? ''));
    await waitFor(what, () => new Set(ours().map(idOf)).size >= ids.size, { timeoutMs });
    return ours();
  }

  /** Leaves the group and deletes it from the shared broker. */
  async stop(): Promise<void> {
    await this.consumer.disconnect();
    await deleteGroups(this.kafka, [this.groupId]);
  }
}
