import { localTopology } from '@lockstep/infra-local';
import type { DistributedLock } from '../../../src/index.ts';
import { ZooKeeperLock } from '../../../src/zookeeper/index.ts';

/**
 * A ZooKeeper lock on the shared stack. Sessions of 2 s (the server allows 1 s and up) make a
 * paused or killed holder lose its lock within seconds, which the multi-process tests wait for.
 */
export async function createLock(): Promise<DistributedLock> {
  return new ZooKeeperLock({
    connectionString: localTopology().zookeeper,
    sessionTimeoutMs: 2_000,
  });
}
