import { allTopics } from '@lockstep/contracts';
import { ensureTopics } from '@lockstep/events';
import { localTopology } from '@lockstep/infra-local';
import { Kafka, logLevel } from 'kafkajs';

/** A quiet kafkajs client for the shared local broker. */
export function testKafka(clientId: string): Kafka {
  return new Kafka({ clientId, brokers: [localTopology().kafka], logLevel: logLevel.NOTHING });
}

/**
 * Creates the saga's topics if missing, then commits each new consumer group's offsets at the
 * current end of the topic it consumes. Topics are shared with every other run and keep their
 * history; a group positioned at the end before its replicas start reads exactly what is
 * produced from now on, however late the replicas join ("latest" would be resolved lazily,
 * after the join, and could skip the first messages of this run).
 */
export async function positionGroupsAtEnd(
  kafka: Kafka,
  groups: ReadonlyArray<{ groupId: string; topic: string }>,
): Promise<void> {
  await ensureTopics(kafka, allTopics);
  const admin = kafka.admin();
  await admin.connect();
  try {
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
