import type { RedisLockTuning } from './redis-lock-tuning.js';
import { RedisQuorumLock } from './redis-quorum-lock.js';

/** Options for {@link RedlockLock}. */
export interface RedlockOptions extends RedisLockTuning {
  /**
   * Independent Redis nodes (`host:port` or `redis://` URLs), ideally an odd number. They must
   * fail independently: replicas of one primary would share failures and void the majority.
   */
  nodes: readonly string[];
}

/**
 * Redlock over N independent Redis nodes: a lease needs a majority of nodes with enough
 * validity left. Its fencing token is null (kind 'none'): no sound monotonic token exists
 * across independent nodes, so guard writes with the lease's signal, the lock value
 * (check-and-set) or idempotency keys plus constraints.
 */
export class RedlockLock extends RedisQuorumLock {
  constructor(options: RedlockOptions) {
    super('redlock', options.nodes, false, options);
  }
}
