export {
  consumedTopic,
  Fleet,
  type FleetOptions,
  type FleetService,
  type FleetTargets,
  fleetServices,
  fleetTopicPartitions,
  positionGroupsAtEnd,
  type ReplicaProcess,
  type ReplicaSpec,
  type RunDatabase,
  repoRoot,
} from './fleet/index.js';
export type { Topology } from './topology.js';
export { localTopology, parsePortsEnv, portDefaults } from './topology.js';
