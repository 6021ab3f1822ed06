import type { Logger } from '@lockstep/service-kit';
import { Kafka, type LogEntry, logLevel } from 'kafkajs';

/** kafkajs levels to pino methods; kafkajs' DEBUG is too chatty for anything but debugging. */
function pinoMethod(level: logLevel): 'error' | 'warn' | 'info' | 'debug' {
  if (level === logLevel.ERROR || level === logLevel.NOTHING) return 'error';
  if (level === logLevel.WARN) return 'warn';
  if (level === logLevel.INFO) return 'info';
  return 'debug';
}

/**
 * The replica's Kafka client, `clientId` `<service>-<instance>` so the broker can tell
 * replicas apart, logging through the service's pino logger (component `kafka`) at WARN and
 * above instead of kafkajs' own console output.
 */
export function createKafka(options: {
  serviceName: string;
  instanceId: string;
  brokers: string[];
  logger: Logger;
}): Kafka {
  const log = options.logger.child({ component: 'kafka' });
  return new Kafka({
    clientId: `${options.serviceName}-${options.instanceId}`,
    brokers: options.brokers,
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ namespace, level, log: entry }: LogEntry) => {
        const { message, timestamp: _timestamp, logger: _logger, ...fields } = entry;
        // kafkajs logs every "rebalance in progress" answer as an error, yet it is routine (a
        // replica joined or left) and kafkajs rejoins by itself: not worth an operator's time.
        const routine = String(fields.error ?? '').includes('rebalancing');
        log[routine ? 'debug' : pinoMethod(level)]({ namespace, ...fields }, message);
      },
  });
}
