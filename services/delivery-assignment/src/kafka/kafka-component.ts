import { allTopics } from '@lockstep/contracts';
import { ensureTopics } from '@lockstep/events';
import type { Component } from '@lockstep/service-kit';
import type { Admin, Kafka } from 'kafkajs';

/**
 * Kafka as a runtime component: start creates the contracts' topics (and their dead-letter
 * topics) if missing, which both replicas may race safely; `ready` asks the cluster for its
 * brokers, so /readyz fails while Kafka is unreachable.
 */
export class KafkaComponent implements Component {
  /** Component name in logs and readiness. */
  readonly name = 'kafka';
  private readonly admin: Admin;

  constructor(private readonly kafka: Kafka) {
    this.admin = kafka.admin();
  }

  /** Connects the admin client and ensures every topic exists. */
  async start(): Promise<void> {
    await ensureTopics(this.kafka, allTopics);
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
