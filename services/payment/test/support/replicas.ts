import { allTopics, Topics } from '@lockstep/contracts';
import { ensureTopics } from '@lockstep/events';
import { deleteGroups, localTopology, positionGroupsAtEnd } from '@lockstep/infra-local';
import { loadConfig } from '@lockstep/service-kit';
import { testAdminToken, uniqueName } from '@lockstep/testkit';
import type { Kafka } from 'kafkajs';
import { paymentConfigSchema } from '../../src/config.ts';
import { type PaymentService, startService } from '../../src/service.ts';

/**
 * Starts `count` replicas in this process against one database, as the demo runs them. The
 * consumer group (unless `joinGroup` names one) is unique to this run and starts at the end
 * of payment-requests, so the replicas see only what the test produces;
 * UNKNOWN_WALLET_POLICY=ignore keeps them from answering requests of other runs, whose
 * wallets live in other databases. Not testkit's startTestDeployment: payment's suites make
 * (and sometimes migrate) their database first, and start a survivor into a running group.
 */
export async function startReplicas(
  kafka: Kafka,
  databaseUrl: string,
  count: number,
  env: Record<string, string> = {},
  joinGroup?: string,
): Promise<{ replicas: PaymentService[]; groupId: string }> {
  const topology = localTopology();
  const groupId = joinGroup ?? uniqueName('payment-test');
  await ensureTopics(kafka, allTopics);
  // A group being joined keeps its offsets: what its other members left uncommitted is
  // exactly what the newcomers must redeliver.
  if (joinGroup === undefined) {
    await positionGroupsAtEnd(kafka, [{ groupId, topic: Topics.paymentRequests }]);
  }
  const replicas: PaymentService[] = [];
  for (let index = 0; index < count; index++) {
    const config = loadConfig(paymentConfigSchema, {
      DATABASE_URL: databaseUrl,
      KAFKA_BROKERS: topology.kafka,
      REDIS_NODES: topology.redisForLocks.join(','),
      KAFKA_GROUP_ID: groupId,
      INSTANCE_ID: `${groupId}-r${index}`,
      PORT: '0',
      LOG_LEVEL: process.env.PAYMENT_TEST_LOG_LEVEL ?? 'error',
      UNKNOWN_WALLET_POLICY: 'ignore',
      GATEWAY_LATENCY_MS: '5',
      SHUTDOWN_TIMEOUT_MS: '15000',
      ADMIN_TOKEN: testAdminToken,
      ...env,
    });
    replicas.push(await startService(config));
  }
  return { replicas, groupId };
}

/** Stops replicas one after another, then deletes their consumer group from the broker. */
export async function stopReplicas(
  kafka: Kafka,
  started: { replicas: readonly PaymentService[]; groupId: string } | undefined,
): Promise<void> {
  if (started === undefined) return;
  for (const replica of started.replicas) await replica.stop();
  await deleteGroups(kafka, [started.groupId]);
}
