import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { waitFor } from '@lockstep/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Lease, LockErrorCode, type LockLostError } from '../src/index.ts';
import {
  type SessionChange,
  ZooKeeperLock,
  type ZooKeeperLockOptions,
} from '../src/zookeeper/index.ts';
import { expectLockError } from './support/expect-lock-error.ts';
import {
  type Inspector,
  openInspector,
  type PrivateZooKeeper,
  partitionUntilExpired,
  startPrivateZooKeeper,
  startZooKeeperProxy,
} from './support/private-zookeeper.ts';
import { uniqueResource } from './support/unique-resource.ts';

/** ZooKeeper answers in milliseconds here: poll often, fail after 5 s. */
const poll = { timeoutMs: 5_000, intervalMs: 25 };

/** Fault tests on a private ZooKeeper server that the tests crash and restart at will. */
describe('zookeeper lock faults (private server)', () => {
  let server: PrivateZooKeeper;
  let inspector: Inspector;
  let locks: ZooKeeperLock[] = [];
  const newLock = (options: Partial<ZooKeeperLockOptions> = {}) => {
    const lock = new ZooKeeperLock({
      connectionString: server.connectionString,
      sessionTimeoutMs: 2_000,
      ...options,
    });
    locks.push(lock);
    return lock;
  };
  const dirOf = (lease: Lease) => lease.ownerId.slice(0, lease.ownerId.lastIndexOf('/'));
  const nameOf = (lease: Lease) => lease.ownerId.slice(lease.ownerId.lastIndexOf('/') + 1);

  beforeAll(async () => {
    server = await startPrivateZooKeeper();
    inspector = await openInspector(server.connectionString);
  });
  afterEach(async () => {
    await Promise.all(locks.map((lock) => lock.close()));
    locks = [];
  });
  afterAll(async () => {
    inspector?.close();
    await server?.destroy();
  });

  /** Queues one acquire per lock, each only after the previous one's node exists. */
  async function queueUp(
    resource: string,
    dir: string,
    waiters: ZooKeeperLock[],
    onAcquired?: (i: number, lease: Lease) => Promise<void>,
  ) {
    const pending: Promise<void>[] = [];
    for (const [i, lock] of waiters.entries()) {
      const before = (await inspector.children(dir)).length;
      pending.push(
        lock.acquire(resource, { waitMs: 30_000 }).then(async (lease) => {
          await onAcquired?.(i, lease);
        }),
      );
      await waitFor(
        `waiter ${i} in the queue`,
        async () => (await inspector.children(dir)).length === before + 1,
        poll,
      );
    }
    return pending;
  }

  it('zookeeper lock: five queued waiters acquire in the order they queued (FIFO)', async () => {
    const resource = uniqueResource();
    const holder = await newLock().acquire(resource, { waitMs: 0 });
    const order: number[] = [];
    const waiters = Array.from({ length: 5 }, () => newLock());
    const done = await queueUp(resource, dirOf(holder), waiters, async (i, lease) => {
      order.push(i);
      await delay(20);
      await lease.release();
    });
    await holder.release();
    await Promise.all(done);
    expect(order).toEqual([0, 1, 2, 3, 4]);
  });

  it('zookeeper lock: each waiter watches only the node just ahead of it, so a release wakes one waiter (no herd)', async () => {
    const resource = uniqueResource();
    const holderLock = newLock();
    const holder = await holderLock.acquire(resource, { waitMs: 0 });
    const dir = dirOf(holder);
    const waiters = Array.from({ length: 4 }, () => newLock());
    const acquired: Array<Lease | undefined> = [];
    const done = await queueUp(resource, dir, waiters, async (i, lease) => {
      acquired[i] = lease;
    });
    const sessionOf = (lock: ZooKeeperLock) => BigInt(`0x${lock.sessionInfo()?.id}`);
    const expectWatchers = async (queue: ZooKeeperLock[]) => {
      const names = (await inspector.children(dir)).sort((a, b) =>
        a.slice(-10).localeCompare(b.slice(-10)),
      );
      const watches = watchesByPath(await server.fourLetterWord('wchp'));
      expect([...watches.keys()].filter((path) => path.startsWith(dir))).toHaveLength(
        names.length - 1,
      );
      names.forEach((name, i) => {
        const next = queue[i + 1];
        expect(watches.get(`${dir}/${name}`) ?? []).toEqual(next ? [sessionOf(next)] : []);
      });
    };
    // Every waiter has set its watch once four sessions watch something under the queue.
    await waitFor(
      'four sessions watching the queue',
      async () => {
        const watches = watchesByPath(await server.fourLetterWord('wchp'));
        return (
          [...watches].filter(([path]) => path.startsWith(dir)).flatMap(([, ids]) => ids).length >=
          4
        );
      },
      poll,
    );
    await expectWatchers([holderLock, ...waiters]);

    await holder.release();
    await waitFor('the first waiter to acquire', () => acquired[0] !== undefined, poll);
    await delay(200);
    expect(acquired.filter(Boolean)).toHaveLength(1);
    await expectWatchers(waiters);

    for (let i = 0; i < waiters.length; i++) {
      await waitFor(`waiter ${i} to acquire`, () => acquired[i] !== undefined, poll);
      await acquired[i]?.release();
    }
    await Promise.all(done);
  });

  it('zookeeper lock: a waiter whose session expires while waiting gets LOCK_UNAVAILABLE and leaves no node', async () => {
    const resource = uniqueResource();
    const holder = await newLock().acquire(resource, { waitMs: 0 });
    const dir = dirOf(holder);
    const proxy = await startZooKeeperProxy(server.connectionString);
    const waiterLock = newLock({ connectionString: proxy.connectionString });
    const waiting = waiterLock.acquire(resource, { waitMs: 30_000 });
    // Waiting means watching the holder's node. Seeing the waiter's node is not enough: if the
    // partition swallowed the create's answer, the acquire rightly joins again on a new session.
    await waitFor(
      "the waiter's watch on the holder's node",
      async () => {
        const watches = watchesByPath(await server.fourLetterWord('wchp'));
        return (watches.get(holder.ownerId) ?? []).length === 1;
      },
      poll,
    );
    await partitionUntilExpired(proxy, async () => (await inspector.children(dir)).length === 1);
    await expectLockError(waiting, LockErrorCode.Unavailable);
    expect(await inspector.children(dir)).toEqual([nameOf(holder)]);
    await holder.release();
    // The lock object itself recovers with a fresh session.
    const next = await waiterLock.acquire(resource, { waitMs: 0 });
    await next.release();
    await waiterLock.close();
    await proxy.close();
  });

  it('zookeeper lock: a short server restart fires the lease signal (suspended), and the node survives in the same session', async () => {
    // A generous session: the restart must stay shorter than it even on a loaded machine.
    const lock = newLock({ sessionTimeoutMs: 30_000 });
    const changes: SessionChange[] = [];
    lock.onSessionChange((change) => changes.push(change));
    const resource = uniqueResource();
    const lease = await lock.acquire(resource, { waitMs: 0 });
    const sessionId = lock.sessionInfo()?.id;
    await server.stop();
    await untilAborted(lease.signal);
    expect((lease.signal.reason as LockLostError).reason).toBe('suspended');
    await server.start();
    await waitFor('the session to reconnect', () => changes.includes('reconnected'), {
      ...poll,
      timeoutMs: 20_000,
    });
    expect(lock.sessionInfo()?.id).toBe(sessionId);
    const stat = await inspector.exists(lease.ownerId);
    expect(stat?.ephemeralOwner.toString('hex')).toBe(sessionId);
    // "May be lost" is not "lost": the node is still there, so nobody else gets the lock
    // until the holder releases it.
    await expectLockError(newLock().acquire(resource, { waitMs: 0 }), LockErrorCode.Contended);
    await lease.release();
    const next = await newLock().acquire(resource, { waitMs: 0 });
    await next.release();
  });

  it('zookeeper lock: a server down longer than the session timeout expires the session, and only then does another client get the lock', async () => {
    const holderLock = newLock({ sessionTimeoutMs: 2_000 });
    const changes: SessionChange[] = [];
    holderLock.onSessionChange((change) => changes.push(change));
    const resource = uniqueResource();
    const lease = await holderLock.acquire(resource, { waitMs: 0 });
    await server.stop();
    await untilAborted(lease.signal);
    await waitFor('the session to expire', () => changes.includes('expired'), poll);
    expect(changes).toEqual(['connected', 'suspended', 'expired']);
    await server.start();

    // The server restores the old session on start and expires it a session timeout later,
    // deleting the node; until then the contender waits in line.
    const contender = await newLock().acquire(resource, { waitMs: 20_000 });
    expect(lease.signal.aborted).toBe(true);
    expect(await inspector.exists(lease.ownerId)).toBeNull();

    // The holder's lock object opens a new session for its next acquire.
    await expectLockError(holderLock.acquire(resource, { waitMs: 0 }), LockErrorCode.Contended);
    await contender.release();
    const again = await holderLock.acquire(resource, { waitMs: 5_000 });
    expect(again.fencingToken ?? 0n).toBeGreaterThan(contender.fencingToken ?? 0n);
    await again.release();
  });
});

/** `wchp` output: every watched path with the session ids (hex, unpadded) watching it. */
function watchesByPath(report: string): Map<string, bigint[]> {
  const watches = new Map<string, bigint[]>();
  let path: string | undefined;
  for (const line of report.split('\n')) {
    if (line.startsWith('/')) {
      path = line.trim();
      watches.set(path, []);
    } else if (path && line.trim().startsWith('0x')) {
      watches.get(path)?.push(BigInt(line.trim()));
    }
  }
  return watches;
}

async function untilAborted(signal: AbortSignal): Promise<void> {
  if (!signal.aborted) await once(signal, 'abort');
}
