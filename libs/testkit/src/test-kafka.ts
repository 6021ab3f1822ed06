import { localTopology } from '@lockstep/infra-local';
import { Kafka, logLevel } from 'kafkajs';
import { uniqueName } from './unique-name.js';

/** A kafkajs client for the shared local broker, quiet; its client id starts with `prefix`. */
export function testKafka(prefix: string): Kafka {
  return new Kafka({
    clientId: uniqueName(prefix),
    brokers: [localTopology().kafka],
    sasl: localTopology().kafkaSasl,
    logLevel: logLevel.NOTHING,
  });
}
