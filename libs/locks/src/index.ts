export type { ResolvedAcquire } from './acquire-options.js';
export { checkTtlMs, checkWaitMs, resolveAcquireOptions } from './acquire-options.js';
export type {
  CasOutcome,
  CasUpdateOptions,
  CasUpdateRowOptions,
  CasWrite,
  Queryable,
  Versioned,
} from './cas/index.js';
export { casUpdate, casUpdateRow, RowNotFoundError } from './cas/index.js';
export { Deadline, jitter, monotonicNow, sleep } from './clock.js';
export type { CampaignOptions, Election, Leadership } from './election.js';
export { leadershipOf } from './election.js';
export * from './errors/index.js';
export type {
  EtcdConnectionOptions,
  EtcdElectionOptions,
  EtcdLockOptions,
  EtcdOwnership,
  EtcdRecipeOptions,
  EtcdSemaphoreOptions,
} from './etcd/index.js';
export {
  createEtcdClient,
  EtcdElection,
  EtcdLock,
  EtcdSemaphore,
  guardedBy,
  ownershipOf,
} from './etcd/index.js';
export type {
  AcquireOptions,
  DistributedLock,
  FencingTokenKind,
  Lease,
  LockStrategy,
} from './lock.js';
export type { LeaseGrant, LeaseOperations } from './managed-lease.js';
export { ManagedLease } from './managed-lease.js';
export type { MultiLease } from './multi-lock.js';
export { acquireAll } from './multi-lock.js';
export type { RedisLockOptions, RedisLockTuning, RedlockOptions } from './redis/index.js';
export { RedisLock, RedlockLock } from './redis/index.js';
export type { AcquireProgress, HoldRecorder } from './telemetry.js';
export {
  recordCasConflicts,
  recordFencedWrite,
  resourceClass,
  traceAcquire,
  traceHold,
} from './telemetry.js';
export type { WithLockOptions } from './with-lock.js';
export { withLock } from './with-lock.js';
export type {
  SessionChange as ZooKeeperSessionChange,
  SessionListener as ZooKeeperSessionListener,
  SessionState as ZooKeeperSessionState,
  ZooKeeperElectionOptions,
  ZooKeeperLockOptions,
  ZooKeeperSessionInfo,
} from './zookeeper/index.js';
export { ZooKeeperElection, ZooKeeperLock } from './zookeeper/index.js';
