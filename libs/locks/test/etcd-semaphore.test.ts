import { setTimeout as delay } from 'node:timers/promises';
import { Etcd3 } from 'etcd3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EtcdSemaphore } from '../src/etcd/index.ts';
import { type Lease, LockErrorCode, type LockLostError } from '../src/index.ts';
import { expectLockError } from './support/expect-lock-error.ts';
import { type PrivateEtcd, startPrivateEtcd } from './support/private-etcd.ts';
import { uniqueResource } from './support/unique-resource.ts';

/** The etcd counting semaphore on a private etcd. */
describe('etcd semaphore', () => {
  let etcd: PrivateEtcd;
  let admin: Etcd3;
  const semaphores: EtcdSemaphore[] = [];
  const newSemaphore = (name: string, permits: number) => {
    const semaphore = new EtcdSemaphore({ endpoints: etcd.url, name, permits });
    semaphores.push(semaphore);
    return semaphore;
  };

  beforeAll(async () => {
    etcd = await startPrivateEtcd();
    admin = new Etcd3({ hosts: etcd.url });
  });

  afterAll(async () => {
    await Promise.all(semaphores.map((s) => s.close()));
    admin?.close();
    await etcd?.destroy();
  });

  it('etcd semaphore: ten concurrent workers on a 3-permit semaphore never hold more than three permits at once', async () => {
    const name = uniqueResource('gate');
    const clients = [newSemaphore(name, 3), newSemaphore(name, 3), newSemaphore(name, 3)];
    let inside = 0;
    let most = 0;
    let done = 0;
    const worker = async (semaphore: EtcdSemaphore) => {
      for (let round = 0; round < 3; round++) {
        const permit = await semaphore.acquire({ ttlMs: 5_000, waitMs: 30_000 });
        inside++;
        most = Math.max(most, inside);
        await delay(15);
        inside--;
        done++;
        await permit.release();
      }
    };
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => worker(clients[i % 3] as EtcdSemaphore)),
    );
    expect(done).toBe(30);
    expect(most).toBe(3);
    expect(await clients[0]?.queued()).toBe(0);
  });

  it('etcd semaphore: with every permit taken, a try-once gets LOCK_CONTENDED and leaves no key behind', async () => {
    const semaphore = newSemaphore(uniqueResource('full'), 3);
    const permits = await Promise.all(
      [0, 1, 2].map(() => semaphore.acquire({ ttlMs: 5_000, waitMs: 0 })),
    );
    await expectLockError(semaphore.acquire({ ttlMs: 5_000, waitMs: 0 }), LockErrorCode.Contended);
    expect(await semaphore.queued()).toBe(3);
    await permits[1]?.release();
    const next = await semaphore.acquire({ ttlMs: 5_000, waitMs: 0 });
    await Promise.all([next, permits[0], permits[2]].map((p) => p?.release()));
  });

  it('etcd semaphore: a permit freed by the newest holder goes to the waiter while the older holders keep theirs', async () => {
    const name = uniqueResource('any-release');
    const holders = newSemaphore(name, 3);
    const taken: Lease[] = [];
    for (let i = 0; i < 3; i++) taken.push(await holders.acquire({ ttlMs: 5_000, waitMs: 0 }));
    const waiting = newSemaphore(name, 3).acquire({ ttlMs: 5_000, waitMs: 5_000 });
    await delay(200);
    await taken[2]?.release();
    // Had the waiter watched only the oldest holder, it would time out here: that one stays.
    const permit = await waiting;
    expect(taken[0]?.signal.aborted).toBe(false);
    await Promise.all([permit, taken[0], taken[1]].map((p) => p?.release()));
  });

  it('etcd semaphore: a holder whose session is revoked is told it lost the permit, and the permit goes to a waiter', async () => {
    const name = uniqueResource('revoked');
    const holder = await newSemaphore(name, 1).acquire({ ttlMs: 2_000, waitMs: 0 });
    const waiting = newSemaphore(name, 1).acquire({ ttlMs: 2_000, waitMs: 10_000 });
    const leaseIdHex =
      holder.ownerId.slice(holder.ownerId.lastIndexOf('/') + 1).split('-')[0] ?? '';
    await admin.leaseClient.leaseRevoke({ ID: BigInt(`0x${leaseIdHex}`).toString() });
    const permit = await waiting;
    await new Promise((resolve) =>
      holder.signal.addEventListener('abort', resolve, { once: true }),
    );
    expect((holder.signal.reason as LockLostError).reason).toBe('session-expired');
    expect(permit.fencingToken).toBeGreaterThan(holder.fencingToken as bigint);
    await permit.release();
  });
});
