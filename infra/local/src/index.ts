export {
  consumedTopic,
  Fleet,
  type FleetManifest,
  type FleetManifests,
  type FleetOptions,
  type FleetService,
  type FleetTargets,
  fleetManifestDir,
  fleetServices,
  fleetTopicPartitions,
  type ManifestReplica,
  positionGroupsAtEnd,
  type ReplicaProcess,
  type ReplicaSpec,
  type RunDatabase,
  readFleetManifests,
  repoRoot,
} from './fleet/index.js';
export type { Topology } from './topology.js';
export { localTopology, parsePortsEnv, portDefaults } from './topology.js';
