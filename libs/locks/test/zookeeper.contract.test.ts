import { localTopology } from '@lockstep/infra-local';
import { afterAll } from 'vitest';
import type { DistributedLock, Lease } from '../src/index.ts';
import { ZooKeeperLock } from '../src/zookeeper/index.ts';
import { describeLockContract } from './support/lock-contract.ts';
import {
  type Inspector,
  openInspector,
  partitionUntilExpired,
  startZooKeeperProxy,
  type ZooKeeperProxy,
} from './support/private-zookeeper.ts';

const connectionString = localTopology().zookeeper;
const proxies = new Map<DistributedLock, ZooKeeperProxy>();
let inspector: Inspector | undefined;

describeLockContract({
  name: 'zookeeper',
  // Each client reaches the shared server through its own proxy so that loseLease can cut it
  // off. 2 s sessions (the server's minimum is 1 s): a lease's TTL is its session timeout.
  async create() {
    const proxy = await startZooKeeperProxy(connectionString);
    const lock = new ZooKeeperLock({
      connectionString: proxy.connectionString,
      sessionTimeoutMs: 2_000,
    });
    proxies.set(lock, proxy);
    return lock;
  },
  shortTtlMs: 2_000,
  // A ZooKeeper lease is lost when its session ends, and a session ends when the server stops
  // hearing from the client. So: partition the holder from the server until the server expires
  // the session and deletes the lock node, then heal. The holder's signal fires on its own
  // (its heartbeats go unanswered), before the server could give the lock away.
  async loseLease(lease: Lease, lock) {
    const proxy = proxies.get(lock);
    if (!proxy) throw new Error('the lock was not created by this suite');
    inspector ??= await openInspector(connectionString);
    const watcher = inspector;
    await partitionUntilExpired(proxy, async () => (await watcher.exists(lease.ownerId)) === null);
    if (!lease.signal.aborted)
      throw new Error('the lease signal did not fire before the server expired the session');
  },
});

afterAll(async () => {
  inspector?.close();
  await Promise.all([...proxies.values()].map((proxy) => proxy.close()));
});
