import { allTopics, topicPartitions } from '@lockstep/contracts';
import { consumedTopic, fleetTopicPartitions } from '@lockstep/infra-local';
import { describe, expect, it } from 'vitest';

// The fleet launcher sits below @lockstep/contracts in the dependency graph, so it repeats the
// topic names it positions consumer groups on; this keeps the copy honest.
describe('fleet topics', () => {
  it('every topic the fleet positions a consumer group on is a contracts topic', () => {
    const contractTopics = allTopics.map(({ topic }) => topic);
    for (const topic of Object.values(consumedTopic)) expect(contractTopics).toContain(topic);
  });

  it('a topic the fleet creates gets the partition count the contracts ask for', () => {
    expect(fleetTopicPartitions).toBe(topicPartitions);
  });
});
