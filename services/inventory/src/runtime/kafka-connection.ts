import { allTopics } from '@lockstep/contracts';
import { ensureTopics } from '@lockstep/events';
import type { Component, Logger } from '@lockstep/service-kit';
import { type Admin, Kafka, type LogEntry, logLevel } from 'kafkajs';

/** A kafkajs client whose own log lines (warnings and errors only) go through pino. */
export function createKafka(options: {
  clientId: string;
  brokers: string[];
  logger: Logger;
}): Kafka {
  const log = options.logger.child({ component: 'kafkajs' });
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ namespace, level, log: entry }: LogEntry) => {
        const { message, ...fields } = entry;
        const line = { namespace, ...fields };
        if (level === logLevel.ERROR) log.error(line, message);
        else log.warn(line, message);
      },
  });
}

/**
 * Kafka as a runtime component: start creates every saga topic (and its dead-letter topic)
 * that is missing, so the relay and the consumer never meet an absent topic; readiness asks
 * the cluster to describe itself.
 */
export class KafkaConnection implements Component {
  readonly name = 'kafka';
  private readonly admin: Admin;

  constructor(private readonly kafka: Kafka) {
    this.admin = kafka.admin();
  }

  async start(): Promise<void> {
    await ensureTopics(this.kafka, allTopics);
    await this.admin.connect();
  }

  async ready(): Promise<void> {
    await this.admin.describeCluster();
  }

  async stop(): Promise<void> {
    await this.admin.disconnect();
  }
}
