export { deleteGroups, positionGroupsAtEnd } from './consumer-groups.js';
export { Fleet, type FleetOptions, type FleetTargets } from './fleet.js';
export {
  type FleetManifest,
  type FleetManifests,
  fleetManifestDir,
  isProcessRunning,
  type ManifestReplica,
  readFleetManifests,
  removeFleetManifest,
} from './fleet-manifest.js';
export {
  consumedTopic,
  type FleetService,
  fleetServices,
  fleetTopicPartitions,
} from './fleet-service.js';
export { otlpEndpointFor } from './otlp-endpoint.js';
export { type ReplicaProcess, type ReplicaSpec, repoRoot } from './replica-process.js';
export type { RunDatabase } from './run-database.js';
export {
  removeStaleScrapeTargets,
  type ScrapeReplica,
  ScrapeTargets,
  scrapeTargetsDir,
} from './scrape-targets.js';
