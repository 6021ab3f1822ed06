import { Kafka, type LogEntry, logLevel, type SASLOptions } from 'kafkajs';
import type { EventLogger } from '../logger.js';
import { fixKafkajsRequestQueue } from './request-queue-fix.js';

/** Options for {@link createKafkaClient}. */
export interface KafkaClientOptions {
  /** How the broker names this client; `<service>-<instance>` tells replicas apart. */
  clientId: string;
  /** Bootstrap brokers, `host:port`. */
  brokers: string[];
  /** Where kafkajs' own lines go: a child logger bound to `{ component: 'kafkajs' }`. */
  logger: EventLogger;
  /** The SASL login, e.g. `{ mechanism: 'scram-sha-256', username, password }`; none: plaintext. */
  sasl?: SASLOptions;
}

/**
 * A kafkajs client whose own log lines (warnings and errors only) go through the service's
 * pino logger instead of kafkajs' console output. kafkajs logs every "rebalance in progress"
 * answer as an error, yet it is routine (a replica joined or left) and kafkajs rejoins by
 * itself: those go to debug, not to an operator. It also mends kafkajs' idle timer loop
 * (fixKafkajsRequestQueue).
 */
export function createKafkaClient(options: KafkaClientOptions): Kafka {
  fixKafkajsRequestQueue();
  const log = options.logger;
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    ...(options.sasl ? { sasl: options.sasl } : {}),
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ namespace, level, log: entry }: LogEntry) => {
        const { message, timestamp: _timestamp, logger: _logger, ...fields } = entry;
        const line = { namespace, ...fields };
        if (String(fields.error ?? '').includes('rebalancing')) log.debug?.(line, message);
        else if (level === logLevel.ERROR) log.error(line, message);
        else log.warn(line, message);
      },
  });
}
