import { describe, expect, it } from 'vitest';
import type { EventLogger } from '../logger.js';
import { createKafkaClient } from './create-kafka-client.js';

function recordingLogger() {
  const lines: Array<{ level: string; message: string; object: object }> = [];
  const at =
    (level: string) =>
    (object: object, message: string): void => {
      lines.push({ level, message, object });
    };
  const logger: EventLogger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
  return { logger, lines };
}

// No broker is contacted: kafkajs' root logger is written to directly, as its internals do.
describe('createKafkaClient logging', () => {
  it('sends kafkajs warnings and errors to the service logger, with their fields', () => {
    const { logger, lines } = recordingLogger();
    const kafka = createKafkaClient({ clientId: 'test', brokers: ['127.0.0.1:1'], logger });
    kafka.logger().error('Connection error', { broker: '127.0.0.1:1', error: 'ECONNREFUSED' });
    kafka.logger().warn('Slow broker', { broker: '127.0.0.1:1' });
    kafka.logger().info('Consumer has joined the group', { groupId: 'g' });
    expect(lines.map(({ level, message }) => [level, message])).toEqual([
      ['error', 'Connection error'],
      ['warn', 'Slow broker'],
    ]);
    expect(lines[0]?.object).toMatchObject({ broker: '127.0.0.1:1', error: 'ECONNREFUSED' });
    expect(lines[0]?.object).not.toHaveProperty('timestamp');
  });

  it('a "rebalancing" error is routine: it goes to debug, not to an operator', () => {
    const { logger, lines } = recordingLogger();
    const kafka = createKafkaClient({ clientId: 'test', brokers: ['127.0.0.1:1'], logger });
    kafka.logger().error('Error when sending heartbeat', {
      groupId: 'g',
      error: 'The group is rebalancing, so a rejoin is needed',
    });
    expect(lines.map(({ level }) => level)).toEqual(['debug']);
  });
});
