import type { RedisLockTuning } from './redis-lock-tuning.js';
import { RedisQuorumLock } from './redis-quorum-lock.js';

/** Options for {@link RedisLock}. */
export interface RedisLockOptions extends RedisLockTuning {
  /** The Redis node (`host:port` or a `redis://` URL). */
  node: string;
}

/**
 * A lock on one Redis node, with a best-effort fencing token (kind 'redis-incr'): a counter
 * INCRed in the same script as the SET NX, so tokens grow across holders while the node keeps
 * its data. An asynchronous failover to a replica can lose the latest increments and hand
 * out a token again; use Redlock or a consensus backend where that matters.
 */
export class RedisLock extends RedisQuorumLock {
  constructor(options: RedisLockOptions) {
    super('redis', [options.node], true, options);
  }
}
