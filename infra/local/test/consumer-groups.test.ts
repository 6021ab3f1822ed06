import { afterAll, describe, expect, it } from 'vitest';
import {
  deleteGroups,
  endOffsets,
  fleetKafka,
  positionGroupsAtEnd,
} from '../src/fleet/consumer-groups.ts';
import { uniqueName } from './unique-name.ts';

describe('positionGroupsAtEnd', () => {
  const kafka = fleetKafka('consumer-groups-test');
  const admin = kafka.admin();
  const topic = uniqueName('groups.position');
  const groups = [uniqueName('positioned-a'), uniqueName('positioned-b')];

  afterAll(async () => {
    await deleteGroups(kafka, groups);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('creates a missing topic and commits new groups at its end, leaving no member behind; a consumer of the group then reads only what came after', async () => {
    await admin.connect();
    // The topic does not exist yet: positioning creates it, with the fleet's partition count.
    await positionGroupsAtEnd(kafka, [{ groupId: groups[0] as string, topic }]);
    expect(await admin.listTopics()).toContain(topic);

    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const before = Array.from({ length: 12 }, (_, i) => ({ key: `k${i}`, value: `before-${i}` }));
    await producer.send({ topic, acks: -1, messages: before });
    const ends = await endOffsets(admin, topic);
    expect(ends.reduce((sum, p) => sum + Number(p.high), 0)).toBe(12);

    await positionGroupsAtEnd(kafka, [{ groupId: groups[1] as string, topic }]);
    const [committed] = await admin.fetchOffsets({ groupId: groups[1] as string, topics: [topic] });
    const byPartition = (a: [number, string], b: [number, string]) => a[0] - b[0];
    expect(
      committed?.partitions
        .map(({ partition, offset }): [number, string] => [partition, offset])
        .sort(byPartition),
    ).toEqual(
      ends.map(({ partition, high }): [number, string] => [partition, high]).sort(byPartition),
    );
    const described = await admin.describeGroups(groups);
    expect(described.groups.map((g) => [g.state, g.members.length])).toEqual([
      ['Empty', 0],
      ['Empty', 0],
    ]);

    await producer.send({ topic, acks: -1, messages: [{ key: 'k1', value: 'after' }] });
    await producer.disconnect();
    const consumer = kafka.consumer({ groupId: groups[1] as string, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const read: string[] = [];
    const first = new Promise<void>((resolve) => {
      void consumer.run({
        autoCommit: false,
        eachMessage: async ({ message }) => {
          read.push(message.value?.toString() ?? '');
          resolve();
        },
      });
    });
    await first;
    // Long enough for any earlier message to arrive too, had the group started before the end.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await consumer.disconnect();
    expect(read).toEqual(['after']);
  });
});
