import { localTopology } from '@lockstep/infra-local';
import { EtcdLock } from '../../../src/etcd/index.ts';
import type { DistributedLock } from '../../../src/index.ts';

/** An etcd lock on the shared local stack's etcd, with the backend's defaults. */
export async function createLock(): Promise<DistributedLock> {
  return new EtcdLock({ endpoints: localTopology().etcd });
}
