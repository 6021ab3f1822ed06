import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EtcdLock } from '../src/etcd/index.ts';
import { type Lease, LockErrorCode, type LockLostError, monotonicNow } from '../src/index.ts';
import { expectLockError } from './support/expect-lock-error.ts';
import { type PrivateEtcd, startPrivateEtcd } from './support/private-etcd.ts';
import { uniqueResource } from './support/unique-resource.ts';

/** Waits for `lease`'s signal; resolves with the monotonic time it fired. */
function firedAt(lease: Lease): Promise<number> {
  if (lease.signal.aborted) return Promise.resolve(monotonicNow());
  return new Promise((resolve) =>
    lease.signal.addEventListener('abort', () => resolve(monotonicNow()), { once: true }),
  );
}

/** The etcd lock while its server is killed and restarted: a private etcd this file owns. */
describe('etcd lock with a failing server', () => {
  let etcd: PrivateEtcd;
  const locks: EtcdLock[] = [];
  const newLock = () => {
    const lock = new EtcdLock({ endpoints: etcd.url, requestTimeoutMs: 1_000 });
    locks.push(lock);
    return lock;
  };

  beforeAll(async () => {
    etcd = await startPrivateEtcd();
  });

  afterEach(async () => {
    // Every test leaves the server up, whatever it did to it.
    await etcd.start().catch(() => undefined);
  });

  afterAll(async () => {
    await Promise.all(locks.map((lock) => lock.close()));
    await etcd?.destroy();
  });

  it("etcd lock: with the server killed, the holder's signal fires (deadline) no later than a TTL after the kill, and release reports LOCK_RELEASE_UNCONFIRMED", async () => {
    const lock = newLock();
    const lease = await lock.acquire(uniqueResource('kill'), { ttlMs: 2_000, waitMs: 0 });
    const fired = firedAt(lease);
    const killedAt = monotonicNow();
    await etcd.kill();
    // The last keepalive etcd acknowledged was sent before the kill, so etcd could expire the
    // lease a TTL after it at the earliest: the client must have given up by then.
    expect((await fired) - killedAt).toBeLessThanOrEqual(2_000);
    expect((lease.signal.reason as LockLostError).reason).toBe('deadline');
    await expectLockError(lease.release(), LockErrorCode.ReleaseUnconfirmed);
  });

  it('etcd lock: with the server down, acquire fails fast with LOCK_UNAVAILABLE instead of waiting out waitMs', async () => {
    const warm = newLock();
    const warmLease = await warm.acquire(uniqueResource('warm'), { ttlMs: 5_000, waitMs: 0 });
    await etcd.kill();
    const cold = newLock();
    for (const lock of [warm, cold]) {
      const started = monotonicNow();
      await expectLockError(
        lock.acquire(uniqueResource('down'), { ttlMs: 5_000, waitMs: 20_000 }),
        LockErrorCode.Unavailable,
      );
      expect(monotonicNow() - started).toBeLessThan(10_000);
    }
    await warmLease.release().catch(() => undefined);
  });

  it("etcd lock: after a restart the lock goes to another client only after the old holder was told it lost it, and the old holder's guarded write is refused", async () => {
    const resource = uniqueResource('restart');
    const dataKey = `lockstep/test-data/${resource}`;
    const old = newLock();
    const oldLease = await old.acquire(resource, { ttlMs: 2_000, waitMs: 0 });
    const fired = firedAt(oldLease);
    await etcd.kill();
    await fired;
    await etcd.start();

    const next = newLock();
    const nextLease = await next.acquire(resource, { ttlMs: 5_000, waitMs: 20_000 });
    // The old lease is gone on the server (expired, or revoked by its client on reconnecting)
    // and its holder's signal had fired before: never two holders at once.
    expect(oldLease.signal.aborted).toBe(true);
    expect(nextLease.fencingToken).toBeGreaterThan(oldLease.fencingToken as bigint);
    const late = await old
      .guardedTxn(oldLease)
      .then(old.client.put(dataKey).value('stale'))
      .commit();
    expect(late.succeeded).toBe(false);
    const fresh = await next
      .guardedTxn(nextLease)
      .then(next.client.put(dataKey).value('fresh'))
      .commit();
    expect(fresh.succeeded).toBe(true);
    expect(await next.client.get(dataKey).string()).toBe('fresh');
    await nextLease.release();
  });

  it('etcd lock: a waiter that lost the server gets LOCK_UNAVAILABLE and its key is gone once the server is back', async () => {
    const resource = uniqueResource('waiter-down');
    const holderLock = newLock();
    const holder = await holderLock.acquire(resource, { ttlMs: 2_000, waitMs: 0 });
    const waiting = newLock().acquire(resource, { ttlMs: 2_000, waitMs: 30_000 });
    await delay(200);
    await etcd.kill();
    await expectLockError(waiting, LockErrorCode.Unavailable);
    expect(holder.signal.aborted).toBe(true);
    await etcd.start();
    // Both sessions are dead on the client; etcd drops their keys by TTL (or by our revoke).
    const fresh = await newLock().acquire(resource, { ttlMs: 2_000, waitMs: 20_000 });
    await fresh.release();
  });

  it('etcd lock: once the server is back, the same client acquires again with a new session', async () => {
    const lock = newLock();
    const resource = uniqueResource('recover');
    const first = await lock.acquire(resource, { ttlMs: 2_000, waitMs: 0 });
    const fired = firedAt(first);
    await etcd.kill();
    await fired;
    await etcd.start();
    const second = await lock.acquire(resource, { ttlMs: 2_000, waitMs: 20_000 });
    expect(second.ownerId).not.toBe(first.ownerId);
    expect(second.signal.aborted).toBe(false);
    await second.release();
  });
});
