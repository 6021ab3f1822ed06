import { allTopics } from '@lockstep/contracts';
import { ensureTopics } from '@lockstep/events';
import type { Component } from '@lockstep/service-kit';
import type { Admin, Kafka } from 'kafkajs';

/**
 * Kafka as a runtime component: start creates every contract topic and its dead-letter topic
 * (idempotent, safe for replicas racing), and keeps an admin connection for the readiness
 * probe, which asks the cluster to describe itself.
 */
export class KafkaTopicsComponent implements Component {
  /** Component name in logs and readiness. */
  readonly name = 'kafka';
  private admin: Admin | undefined;

  constructor(private readonly kafka: Kafka) {}

  /** Ensures the topics, then connects the probe's admin client. */
  async start(): Promise<void> {
    await ensureTopics(this.kafka, allTopics);
    const admin = this.kafka.admin();
    await admin.connect();
    this.admin = admin;
  }

  /** Ready when a broker answers a metadata request. */
  async ready(): Promise<void> {
    if (this.admin === undefined) throw new Error('kafka: not started');
    await this.admin.describeCluster();
  }

  /** Disconnects the admin client. */
  async stop(): Promise<void> {
    await this.admin?.disconnect();
    this.admin = undefined;
  }
}
