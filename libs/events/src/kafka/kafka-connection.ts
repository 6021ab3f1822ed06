import type { Admin, Kafka } from 'kafkajs';
import { ensureTopics, type TopicSpec } from './ensure-topics.js';

/**
 * Kafka as a service runtime component (it fits service-kit's `Component`): start creates
 * every given topic (and its dead-letter topic) that is missing, so the relay and the consumers
 * never meet an absent topic; readiness asks the cluster to describe itself.
 */
export class KafkaConnection {
  /** Component name in logs and readiness. */
  readonly name = 'kafka';
  private readonly admin: Admin;

  constructor(
    private readonly kafka: Kafka,
    private readonly topics: readonly TopicSpec[],
  ) {
    this.admin = kafka.admin();
  }

  /** Ensures every topic exists, then connects the readiness probe's admin client. */
  async start(): Promise<void> {
    await ensureTopics(this.kafka, this.topics);
    await this.admin.connect();
  }

  /** Readiness probe: one metadata round trip. */
  async ready(): Promise<void> {
    await this.admin.describeCluster();
  }

  /** Disconnects the admin client. */
  async stop(): Promise<void> {
    await this.admin.disconnect();
  }
}
