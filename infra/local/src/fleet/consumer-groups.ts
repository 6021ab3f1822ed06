import { type Admin, Kafka, logLevel } from 'kafkajs';
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
 * and could skip the first messages of this run). The groups are positioned at the same time.
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
    await Promise.all(
      groups.map(async ({ groupId, topic }) => {
        const offsets = await endOffsets(admin, topic);
        await commitAsNewMember(kafka, groupId, topic, offsets);
      }),
    );
  } finally {
    await admin.disconnect();
  }
}

/**
 * The end offset of every partition of `topic`. Right after a topic is created (on a broker
 * that has just started, above all) a partition's leader may not have taken over yet, and
 * kafkajs' admin does not retry that: this asks again with fresh metadata, for up to 10 s,
 * while the error is one Kafka marks retriable (not the leader, leader not available).
 */
export async function endOffsets(
  admin: Admin,
  topic: string,
): Promise<Array<{ partition: number; high: string }>> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      return await admin.fetchTopicOffsets(topic);
    } catch (error) {
      const retriable = (error as { retriable?: boolean }).retriable === true;
      if (!retriable || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
      // The admin keeps its cached leaders for minutes; asking for the topic's metadata
      // refreshes them.
      await admin.fetchTopicMetadata({ topics: [topic] }).catch(() => undefined);
    }
  }
}

/**
 * Joins `groupId` with a consumer that fetches nothing, commits `offsets` for `topic` and
 * leaves. kafkajs' own admin.setOffsets does the same through a consumer that leaves only
 * after its first fetch, which with every partition paused waits out the fetch's maximum wait
 * (5 s by default): 5 s per group, paid by every fleet start and every test's topic recorder.
 * The group must have no members (a new group has none), as for setOffsets.
 */
async function commitAsNewMember(
  kafka: Kafka,
  groupId: string,
  topic: string,
  offsets: ReadonlyArray<{ partition: number; high: string }>,
): Promise<void> {
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 50, retry: { retries: 5 } });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    const joined = new Promise<void>((resolve) => {
      const remove = consumer.on(consumer.events.GROUP_JOIN, () => {
        remove();
        resolve();
      });
    });
    const crashed = new Promise<never>((_, reject) => {
      consumer.on(consumer.events.CRASH, ({ payload }) => reject(payload.error));
    });
    // Nothing is ever resolved or committed automatically: the only commit is the one below.
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async () => {},
    });
    consumer.pause([{ topic }]);
    await Promise.race([joined, crashed]);
    await consumer.commitOffsets(
      offsets.map(({ partition, high }) => ({ topic, partition, offset: high })),
    );
  } finally {
    await consumer.disconnect();
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
