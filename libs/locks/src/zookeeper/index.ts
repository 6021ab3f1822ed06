export type { SessionChange, SessionListener, ZooKeeperSessionInfo } from './session-keeper.js';
export type { ZooKeeperElectionOptions } from './zookeeper-election.js';
export { ZooKeeperElection } from './zookeeper-election.js';
export type { ZooKeeperLockOptions } from './zookeeper-lock.js';
export { ZooKeeperLock } from './zookeeper-lock.js';
export type { SessionState } from './zookeeper-session.js';
