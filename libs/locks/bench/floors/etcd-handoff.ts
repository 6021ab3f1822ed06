import { localTopology } from '@lockstep/infra-local';
import { Etcd3, type Watcher } from 'etcd3';
import { monotonicNow } from '../../src/clock.js';
import { type SerialHandoff, summariseHandoffs } from './serial-handoff.js';

/**
 * etcd's serial hand-off floor: two plain etcd3 clients, each with its own lease, pass one key
 * back and forth. One hand-off is timed from the holder sending the delete until the waiter's
 * create-if-absent is acknowledged: delete, watch event, create, the least any etcd lock needs
 * to move between holders. The waiter's watch is created (and synced) before the clock starts.
 */
export async function etcdSerialHandoff(
  handoffs: number,
  endpoint: string = localTopology().etcd,
): Promise<SerialHandoff> {
  const clients = [new Etcd3({ hosts: endpoint }), new Etcd3({ hosts: endpoint })];
  const leases = clients.map((c) => c.lease(30));
  const leaseIds = await Promise.all(leases.map((l) => l.grant()));
  const key = `lockstep/floor-handoff/${process.pid}-${Date.now()}`;
  const take = (i: number) => {
    const client = clients[i % 2] as Etcd3;
    return client
      .if(key, 'Create', '==', 0)
      .then(
        client
          .put(key)
          .value('')
          .lease(leaseIds[i % 2] as string),
      )
      .commit();
  };
  const latencies: number[] = [];
  try {
    if (!(await take(0)).succeeded) throw new Error(`floor: ${key} was not free`);
    for (let i = 0; i < handoffs; i++) {
      const [holder, waiter] = [clients[i % 2], clients[(i + 1) % 2]];
      if (!holder || !waiter) break;
      const watcher: Watcher = await waiter.watch().key(key).create();
      const deleted = new Promise<number>((resolve) => watcher.once('delete', () => resolve(0)));
      const sentAt = monotonicNow();
      const removed = holder.delete().key(key).exec();
      await deleted;
      const taken = await take(i + 1);
      latencies.push(monotonicNow() - sentAt);
      if (!taken.succeeded) throw new Error(`floor: ${key} was taken by someone else`);
      await Promise.all([removed, watcher.cancel()]);
    }
  } finally {
    await Promise.all(leases.map((l) => l.revoke().catch(() => undefined)));
    for (const client of clients) client.close();
  }
  return summariseHandoffs(latencies);
}
