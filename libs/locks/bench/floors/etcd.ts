import { setTimeout as delay } from 'node:timers/promises';
import { localTopology } from '@lockstep/infra-local';
import { Etcd3, EtcdLockFailedError } from 'etcd3';

/** What the bench runner drives: one uncontended (or contended) lock+unlock per call. */
export interface LockUnlock {
  lockUnlock(resource: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The raw floor of the etcd lock: the round trips one uncontended lock+unlock needs, issued by
 * hand with a plain etcd3 client on a lease granted (and kept alive by etcd3) up front, as the
 * lock's session is. Lock: one txn "create `<prefix>/<lease id>` if absent, else get it; and
 * read the owner (smallest create revision)". Unlock: one txn "delete the key if its create
 * revision is still ours". No waiting, session bookkeeping, deadline, token or tracing: what
 * the library adds on top is what the benchmark compares against this.
 */
export async function createRawFloor(endpoint: string = localTopology().etcd): Promise<LockUnlock> {
  const client = new Etcd3({ hosts: endpoint });
  const lease = client.lease(30);
  const leaseId = await lease.grant();
  const leaseIdHex = BigInt(leaseId).toString(16);
  return {
    async lockUnlock(resource: string): Promise<void> {
      const prefix = `lockstep/floor/${encodeURIComponent(resource)}/`;
      const key = `${prefix}${leaseIdHex}`;
      const owner = client.getAll().prefix(prefix).sort('Create', 'Ascend').limit(1);
      const taken = await client
        .if(key, 'Create', '==', 0)
        .then(client.put(key).value('').lease(leaseId), owner)
        .else(client.get(key), owner)
        .commit();
      const createRevision = taken.header.revision;
      const first = taken.responses[1]?.response_range.kvs[0];
      if (!taken.succeeded || first?.create_revision !== createRevision) {
        throw new Error(`floor: ${key} was not free`);
      }
      await client.if(key, 'Create', '==', createRevision).then(client.delete().key(key)).commit();
    },
    async close(): Promise<void> {
      await lease.revoke().catch(() => undefined);
      client.close();
    },
  };
}

/**
 * The peer: etcd3's own Lock (`client.lock(key).ttl(s).acquire()` then `release()`), which
 * grants a fresh lease per acquire, tries a create-if-absent once and revokes the lease on
 * release. It never waits, so a held lock is retried here every `retryMs` (jittered) until
 * `waitMs` runs out: the retry loop its users have to write.
 */
export async function createEtcd3BuiltinLock(
  endpoint: string = localTopology().etcd,
  options: { ttlSeconds?: number; retryMs?: number; waitMs?: number } = {},
): Promise<LockUnlock> {
  const { ttlSeconds = 10, retryMs = 10, waitMs = 10_000 } = options;
  const client = new Etcd3({ hosts: endpoint });
  return {
    async lockUnlock(resource: string): Promise<void> {
      const key = `lockstep/peer/${resource}`;
      const giveUpAt = performance.now() + waitMs;
      for (;;) {
        const lock = client.lock(key).ttl(ttlSeconds);
        try {
          await lock.acquire();
        } catch (error) {
          if (!(error instanceof EtcdLockFailedError) || performance.now() >= giveUpAt) throw error;
          await delay(retryMs * (0.5 + Math.random()));
          continue;
        }
        await lock.release();
        return;
      }
    },
    async close(): Promise<void> {
      client.close();
    },
  };
}
