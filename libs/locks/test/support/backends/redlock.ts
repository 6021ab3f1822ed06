import { localTopology } from '@lockstep/infra-local';
import type { DistributedLock } from '../../../src/index.ts';
import { RedlockLock } from '../../../src/redis/index.ts';

/** A Redlock client over the shared stack's three Redis nodes, with default tuning. */
export async function createLock(): Promise<DistributedLock> {
  return new RedlockLock({ nodes: localTopology().redis });
}
