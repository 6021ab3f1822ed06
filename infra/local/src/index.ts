export type { Topology } from './topology.js';
export { localTopology, parsePortsEnv, portDefaults } from './topology.js';
