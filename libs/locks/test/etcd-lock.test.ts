import { setTimeout as delay } from 'node:timers/promises';
import { Etcd3 } from 'etcd3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EtcdLock } from '../src/etcd/index.ts';
import { isLockError, type Lease, LockErrorCode, type LockLostError } from '../src/index.ts';
import { expectLockError } from './support/expect-lock-error.ts';
import { type PrivateEtcd, startPrivateEtcd } from './support/private-etcd.ts';
import { uniqueResource } from './support/unique-resource.ts';

const prefix = 'lockstep/locks/';

/** The etcd lock's recipe (key layout, token, guarded writes, FIFO, session loss while waiting) on a private etcd. */
describe('etcd lock', () => {
  let etcd: PrivateEtcd;
  let admin: Etcd3;
  const locks: EtcdLock[] = [];
  const newLock = () => {
    const lock = new EtcdLock({ endpoints: etcd.url });
    locks.push(lock);
    return lock;
  };

  beforeAll(async () => {
    etcd = await startPrivateEtcd();
    admin = new Etcd3({ hosts: etcd.url });
  });

  afterAll(async () => {
    await Promise.all(locks.map((lock) => lock.close()));
    admin?.close();
    await etcd?.destroy();
  });

  const queueOf = (resource: string) => `${prefix}${encodeURIComponent(resource)}/`;
  const keysOf = (resource: string) => admin.getAll().prefix(queueOf(resource)).keys();
  const revoke = (leaseIdHex: string) =>
    admin.leaseClient.leaseRevoke({ ID: BigInt(`0x${leaseIdHex}`).toString() });
  const leaseIdHexOf = (key: string) => key.slice(key.lastIndexOf('/') + 1);

  async function untilQueued(resource: string, count: number): Promise<string[]> {
    for (let i = 0; i < 200; i++) {
      const keys = await keysOf(resource);
      if (keys.length >= count) return keys;
      await delay(10);
    }
    throw new Error(`queue of ${resource} never reached ${count} keys`);
  }

  it('etcd lock: the holder key is <prefix><resource>/<session lease id hex>, on that lease, and the token is its create revision', async () => {
    const resource = uniqueResource('a/b');
    const lease = await newLock().acquire(resource, { ttlMs: 5_000, waitMs: 0 });
    const [kv] = (await admin.getAll().prefix(queueOf(resource)).exec()).kvs;
    expect(kv?.key.toString()).toBe(lease.ownerId);
    expect(lease.ownerId.startsWith(queueOf(resource))).toBe(true);
    expect(BigInt(kv?.lease ?? '0').toString(16)).toBe(leaseIdHexOf(lease.ownerId));
    expect(lease.tokenKind).toBe('etcd-create-revision');
    expect(lease.fencingToken).toBe(BigInt(kv?.create_revision ?? '0'));
    await lease.release();
    expect(await keysOf(resource)).toEqual([]);
  });

  it('etcd lock: a guarded transaction applies while the lease is held and is refused once it is lost', async () => {
    const lock = newLock();
    const resource = uniqueResource('guarded');
    const dataKey = `lockstep/test-data/${resource}`;
    const lease = await lock.acquire(resource, { ttlMs: 2_000, waitMs: 0 });
    const held = await lock.guardedTxn(lease).then(admin.put(dataKey).value('first')).commit();
    expect(held.succeeded).toBe(true);
    // The compare is plain data, so any client can use it.
    const { key, createRevision } = lock.ownershipCompare(lease);
    expect((await admin.if(key, 'Create', '==', createRevision).commit()).succeeded).toBe(true);

    await revoke(leaseIdHexOf(lease.ownerId));
    await new Promise((resolve) => lease.signal.addEventListener('abort', resolve, { once: true }));
    expect((lease.signal.reason as LockLostError).reason).toBe('session-expired');
    const late = await lock.guardedTxn(lease).then(admin.put(dataKey).value('late')).commit();
    expect(late.succeeded).toBe(false);
    expect(await admin.get(dataKey).string()).toBe('first');
  });

  it('etcd lock: five waiters from five clients get the lock in the order they queued', async () => {
    const resource = uniqueResource('fifo');
    const holder = await newLock().acquire(resource, { ttlMs: 5_000, waitMs: 0 });
    const order: number[] = [];
    const waiters: Promise<void>[] = [];
    for (let i = 0; i < 5; i++) {
      const lock = newLock();
      waiters.push(
        lock.acquire(resource, { ttlMs: 5_000, waitMs: 30_000 }).then(async (lease) => {
          order.push(i);
          await delay(20);
          await lease.release();
        }),
      );
      // Queue them one at a time so their create revisions are in index order.
      await untilQueued(resource, i + 2);
    }
    await holder.release();
    await Promise.all(waiters);
    expect(order).toEqual([0, 1, 2, 3, 4]);
  });

  it('etcd lock: when the waiter ahead gives up, the next waiter re-checks and still waits for the holder', async () => {
    const resource = uniqueResource('recheck');
    const holder = await newLock().acquire(resource, { ttlMs: 5_000, waitMs: 0 });
    const cancel = new AbortController();
    const ahead = newLock().acquire(resource, {
      ttlMs: 5_000,
      waitMs: 30_000,
      signal: cancel.signal,
    });
    await untilQueued(resource, 2);
    let acquiredAt = 0;
    const behind = newLock()
      .acquire(resource, { ttlMs: 5_000, waitMs: 30_000 })
      .then((lease) => {
        acquiredAt = performance.now();
        return lease;
      });
    await untilQueued(resource, 3);
    cancel.abort();
    await expectLockError(ahead, LockErrorCode.Cancelled);
    await delay(300);
    // The waiter it watched is gone, but the holder still holds: it must not have taken the lock.
    expect(acquiredAt).toBe(0);
    const releasedAt = performance.now();
    await holder.release();
    const lease = await behind;
    expect(acquiredAt).toBeGreaterThanOrEqual(releasedAt);
    await lease.release();
  });

  it('etcd lock: a waiter whose session expires while waiting gets LOCK_UNAVAILABLE (session-expired) and leaves nothing behind', async () => {
    const resource = uniqueResource('waiter-expiry');
    const holder = await newLock().acquire(resource, { ttlMs: 5_000, waitMs: 0 });
    const waiting = newLock().acquire(resource, { ttlMs: 2_000, waitMs: 30_000 });
    const keys = await untilQueued(resource, 2);
    const waiterKey = keys.find((key) => key !== holder.ownerId) ?? '';
    await revoke(leaseIdHexOf(waiterKey));
    const error = await expectLockError(waiting, LockErrorCode.Unavailable);
    const cause = error.cause;
    expect(isLockError(cause, LockErrorCode.Lost) && (cause as LockLostError).reason).toBe(
      'session-expired',
    );
    expect(await keysOf(resource)).toEqual([holder.ownerId]);
    await holder.release();
    const next = await newLock().acquire(resource, { ttlMs: 5_000, waitMs: 0 });
    await next.release();
  });

  it('etcd lock: a try-once that finds the lock held deletes its own key before reporting LOCK_CONTENDED', async () => {
    const resource = uniqueResource('try-once');
    const holder = await newLock().acquire(resource, { ttlMs: 5_000, waitMs: 0 });
    await expectLockError(newLock().acquire(resource, { waitMs: 0 }), LockErrorCode.Contended);
    expect(await keysOf(resource)).toEqual([holder.ownerId]);
    await holder.release();
  });

  it('etcd lock: callers of one client queue locally and never share the session key', async () => {
    const lock = newLock();
    const resource = uniqueResource('local');
    const first = await lock.acquire(resource, { ttlMs: 5_000, waitMs: 0 });
    await expectLockError(
      lock.acquire(resource, { ttlMs: 5_000, waitMs: 0 }),
      LockErrorCode.Contended,
    );
    const second = lock.acquire(resource, { ttlMs: 5_000, waitMs: 10_000 });
    await delay(100);
    await first.release();
    const lease: Lease = await second;
    expect(lease.fencingToken).toBeGreaterThan(first.fencingToken as bigint);
    await lease.release();
  });

  it('etcd lock: extend refuses a TTL longer than the session lease with LOCK_INVALID_ARGUMENT', async () => {
    const lease = await newLock().acquire(uniqueResource('extend'), { ttlMs: 2_000, waitMs: 0 });
    await expectLockError(lease.extend(10_000), LockErrorCode.InvalidArgument);
    await lease.extend(2_000);
    expect(lease.signal.aborted).toBe(false);
    await lease.release();
  });

  it('etcd lock: close revokes the session, deleting its keys and marking its leases lost', async () => {
    const lock = new EtcdLock({ endpoints: etcd.url });
    const resource = uniqueResource('close');
    const lease = await lock.acquire(resource, { ttlMs: 5_000, waitMs: 0 });
    await lock.close();
    expect(lease.signal.aborted).toBe(true);
    expect(await keysOf(resource)).toEqual([]);
    await expectLockError(lock.acquire(resource, { waitMs: 0 }), LockErrorCode.Unavailable);
  });
});
