// Readiness probe for the local Kafka: exits 0 once a kafkajs admin client sees a broker and a
// controller, and the group coordinator answers (on a fresh broker it is still creating
// __consumer_offsets, and consumers joining then fail with "coordinator is loading").
// Logs in with SASL/SCRAM as KAFKA_USERNAME / KAFKA_PASSWORD (the stack's admin user).
// Resolves kafkajs from the infra-local workspace.
import { createRequire } from 'node:module';

const require = createRequire(new URL('../package.json', import.meta.url));
const { Kafka, logLevel } = require('kafkajs');

const broker = process.argv[2];
const kafka = new Kafka({
  clientId: 'lockstep-probe',
  brokers: [broker],
  logLevel: logLevel.NOTHING,
  connectionTimeout: 1000,
  requestTimeout: 2000,
  retry: { retries: 0 },
  sasl: {
    mechanism: 'scram-sha-256',
    username: process.env.KAFKA_USERNAME,
    password: process.env.KAFKA_PASSWORD,
  },
});
const admin = kafka.admin();
try {
  await admin.connect();
  const cluster = await admin.describeCluster();
  if (cluster.brokers.length === 0 || cluster.controller === null) process.exit(1);
  await admin.describeGroups(['lockstep-readiness-probe']);
  console.log(`brokers=${cluster.brokers.length} controller=${cluster.controller}`);
  process.exit(0);
} catch {
  process.exit(1);
} finally {
  await admin.disconnect().catch(() => {});
}
