import { localTopology } from '@lockstep/infra-local';
import type { DistributedLock } from '../../../src/index.ts';
import { RedisLock } from '../../../src/redis/index.ts';

/** A single-node Redis lock (INCR fencing token) on the shared stack's first Redis node. */
export async function createLock(): Promise<DistributedLock> {
  return new RedisLock({ node: localTopology().redis[0] });
}
