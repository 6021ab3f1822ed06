import type { Logger } from '@lockstep/service-kit';
import { Kafka, type LogEntry, logLevel } from 'kafkajs';

const pinoLevelOf: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/**
 * The replica's kafkajs client, logging through pino (`component: kafkajs`) instead of
 * kafkajs' own console logger, so its lines carry the service and instance like every other.
 * kafkajs' INFO lines narrate every group join and rebalance; they are kept at debug.
 */
export function createKafkaClient(options: {
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
        const pinoLevel = pinoLevelOf[level] ?? 'debug';
        log[pinoLevel === 'info' ? 'debug' : pinoLevel]({ namespace, ...fields }, message);
      },
  });
}
