import { Kafka, logLevel } from 'kafkajs';
import { localTopology } from '../topology.js';
import { fleetTopicPartitions } from './fleet-service.js';

/** A quiet kafkajs client for the local stack's broker. */
export function fleetKafka(clientId: string): Kafka {
  const { kafka, kafkaSasl } = localTopology();
  return new Kafka({ clientId, brokers: [kafka], sasl: kafkaSasl, logLevel: logLevel.NOTHING });
}

/**
 * Creates any missing topic, then commits each new consumer group's offsets at the current end
 * of the topic it consumes. Topics are shared with every other run and keep their history; a
 * group positioned at the end before its replicas start reads exactly what is produced from
 * now on, however late the replicas join ("latest" would be resolved lazily, after the join,
 * and could skip the first messages of this run).
 */
export async function positionGroupsAtEnd(
  kafka: Kafka,
  groups: ReadonlyArray<{ groupId: string; topic: string }>,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = [...new Set(groups.map((g) => g.topic))].filter((t) => !existing.has(t));
    if (missing.length > 0) {
      // The services' own start-up creates the same topics (and their dead-letter topics) if
      // they are missing; creating them here first only lets the groups be positioned.
      await admin.createTopics({
        topics: missing.map((topic) => ({ topic, numPartitions: fleetTopicPartitions })),
        waitForLeaders: true,
      });
    }
    for (const { groupId, topic } of groups) {
      const offsets = await admin.fetchTopicOffsets(topic);
      await admin.setOffsets({
        groupId,
        topic,
        partitions: offsets.map(({ partition, high }) => ({ partition, offset: high })),
      });
    }
  } finally {
    await admin.disconnect();
  }
}

/** Deletes a run's consumer groups from the shared broker. */
export async function deleteGroups(kafka: Kafka, groupIds: string[]): Promise<void> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.deleteGroups(groupIds);
  } catch {
    // Best effort: the names are unique to the run, so a group left behind meets no one.
  } finally {
    await admin.disconnect();
  }
}

/**
 * Resolves once every group is Stable with `members` members: /readyz says a replica can
 * serve, not that Kafka has given its consumer partitions, and a load run that starts before
 * the rebalance measures the rebalance. Throws naming the groups still joining at the deadline.
 */
export async function waitForGroupsStable(
  kafka: Kafka,
  groupIds: string[],
  members: number,
  timeoutMs = 60_000,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { groups } = await admin.describeGroups(groupIds);
      const joining = groups.filter((g) => g.state !== 'Stable' || g.members.length < members);
      if (joining.length === 0) return;
      if (Date.now() >= deadline) {
        const states = joining.map((g) => `${g.groupId} ${g.state} ${g.members.length}/${members}`);
        throw new Error(
          `consumer groups still joining after ${timeoutMs} ms: ${states.join(', ')}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    await admin.disconnect();
  }
}
