import { setTimeout as delay } from 'node:timers/promises';
import { localTopology } from '@lockstep/infra-local';
import { waitFor } from '@lockstep/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LockErrorCode, type LockLostError } from '../src/index.ts';
import {
  type SessionChange,
  ZooKeeperLock,
  type ZooKeeperLockOptions,
} from '../src/zookeeper/index.ts';
import { expectLockError } from './support/expect-lock-error.ts';
import {
  type Inspector,
  openInspector,
  partitionUntilExpired,
  startZooKeeperProxy,
  type ZooKeeperProxy,
} from './support/private-zookeeper.ts';
import { uniqueResource } from './support/unique-resource.ts';

const connectionString = localTopology().zookeeper;
const ROOT = '/lockstep/locks';

/** ZooKeeper answers in milliseconds here: poll often, fail after 5 s. */
const poll = { timeoutMs: 5_000, intervalMs: 25 };

describe('zookeeper lock (shared server)', () => {
  const locks: ZooKeeperLock[] = [];
  const proxies: ZooKeeperProxy[] = [];
  let inspector: Inspector;
  const newLock = (options: Partial<ZooKeeperLockOptions> = {}) => {
    const lock = new ZooKeeperLock({ connectionString, sessionTimeoutMs: 2_000, ...options });
    locks.push(lock);
    return lock;
  };
  beforeAll(async () => {
    inspector = await openInspector(connectionString);
  });
  afterAll(async () => {
    await Promise.all(locks.map((lock) => lock.close()));
    await Promise.all(proxies.map((proxy) => proxy.close()));
    inspector.close();
  });

  it('zookeeper lock: the fencing token is the lock node czxid and the node is owned by our session', async () => {
    const lock = newLock();
    const resource = uniqueResource();
    const lease = await lock.acquire(resource, { waitMs: 0 });
    expect(lease.tokenKind).toBe('zookeeper-czxid');
    expect(lease.ownerId).toMatch(
      new RegExp(`^${ROOT}/${resource}/_c_[0-9a-f-]{36}-lock-\\d{10}$`),
    );
    const stat = await inspector.exists(lease.ownerId);
    expect(stat).not.toBeNull();
    expect(lease.fencingToken).toBe(stat?.czxid.readBigInt64BE(0));
    expect(stat?.ephemeralOwner.toString('hex')).toBe(lock.sessionInfo()?.id);
    // The TTL is the negotiated session timeout, whatever ttlMs asked for.
    expect(lease.remainingMs()).toBeLessThanOrEqual(2_000);
    await lease.release();
    expect(await inspector.exists(lease.ownerId)).toBeNull();
  });

  it('zookeeper lock: a resource with slashes and non-ASCII characters gets one valid node name', async () => {
    const lock = newLock();
    const resource = `${uniqueResource()}/../é b`;
    const lease = await lock.acquire(resource, { waitMs: 0 });
    expect(lease.ownerId.startsWith(`${ROOT}/${resource.split('/')[0]}%2F..%2F%C3%A9%20b/`)).toBe(
      true,
    );
    await expectLockError(newLock().acquire(resource, { waitMs: 0 }), LockErrorCode.Contended);
    await lease.release();
  });

  it('zookeeper lock: a try-once on a held lock leaves no queue node behind', async () => {
    const resource = uniqueResource();
    const held = await newLock().acquire(resource, { waitMs: 0 });
    await expectLockError(newLock().acquire(resource, { waitMs: 0 }), LockErrorCode.Contended);
    const dir = held.ownerId.slice(0, held.ownerId.lastIndexOf('/'));
    expect(await inspector.children(dir)).toEqual([held.ownerId.slice(dir.length + 1)]);
    await held.release();
  });

  it('zookeeper lock: the empty parent is removed after the last release, not while a waiter needs it', async () => {
    const resource = uniqueResource();
    const a = newLock({ parentCleanupDelayMs: 50 });
    const b = newLock({ parentCleanupDelayMs: 50 });
    const first = await a.acquire(resource, { waitMs: 0 });
    const dir = first.ownerId.slice(0, first.ownerId.lastIndexOf('/'));
    const waiting = b.acquire(resource, { waitMs: 10_000 });
    await waitFor(
      'the waiter in the queue',
      async () => (await inspector.children(dir)).length === 2,
      poll,
    );
    await first.release();
    const second = await waiting;
    await delay(200);
    expect(await inspector.exists(dir)).not.toBeNull();
    await second.release();
    await waitFor(
      'the empty queue removed',
      async () => (await inspector.exists(dir)) === null,
      poll,
    );
  });

  it('zookeeper lock: extend fails with LOCK_LOST (not-owner) once the node was deleted behind its back', async () => {
    const lease = await newLock().acquire(uniqueResource(), { waitMs: 0 });
    await inspector.remove(lease.ownerId);
    const error = await expectLockError(lease.extend(), LockErrorCode.Lost);
    expect((error as LockLostError).reason).toBe('not-owner');
    expect(lease.signal.aborted).toBe(true);
    // Its node is gone, so release is confirmed (NO_NODE) rather than left hanging.
    await lease.release();
  });

  it('zookeeper lock: an unreachable server fails acquire with LOCK_UNAVAILABLE within the connect timeout', async () => {
    const lock = newLock({ connectionString: '127.0.0.1:1', connectTimeoutMs: 1_000 });
    const started = performance.now();
    await expectLockError(
      lock.acquire(uniqueResource(), { waitMs: 5_000 }),
      LockErrorCode.Unavailable,
    );
    // A bound, not a speed claim: the acquire must never hang on a dead server.
    expect(performance.now() - started).toBeLessThan(4_000);
  });

  it('zookeeper lock: a create whose answer was lost with the connection is found again by its protection id', async () => {
    const proxy = await startZooKeeperProxy(connectionString);
    proxies.push(proxy);
    {
      const lock = newLock({ connectionString: proxy.connectionString, sessionTimeoutMs: 10_000 });
      const resource = uniqueResource();
      const cut = proxy.cutAfterCreate('-lock-');
      const lease = await lock.acquire(resource, { waitMs: 5_000 });
      await cut;
      // The server created our node but we never heard back; a blind retry would have queued a
      // second node behind the first, owned by us, blocking this acquire and everyone after it.
      const dir = lease.ownerId.slice(0, lease.ownerId.lastIndexOf('/'));
      expect(await inspector.children(dir)).toEqual([lease.ownerId.slice(dir.length + 1)]);
      await lease.release();
    }
  });

  it('zookeeper lock: session expiry fires every lease of the session, and the lock then opens a new session', async () => {
    const proxy = await startZooKeeperProxy(connectionString);
    proxies.push(proxy);
    const lock = newLock({ connectionString: proxy.connectionString });
    const other = newLock();
    const changes: SessionChange[] = [];
    lock.onSessionChange((change) => changes.push(change));
    const one = await lock.acquire(uniqueResource(), { waitMs: 0 });
    const two = await lock.acquire(uniqueResource(), { waitMs: 0 });
    const elsewhere = await other.acquire(uniqueResource(), { waitMs: 0 });
    const before = lock.sessionInfo();
    await partitionUntilExpired(proxy, async () => (await inspector.exists(one.ownerId)) === null);
    // Both fired before the server dropped the session: the heartbeats went unanswered.
    expect((one.signal.reason as LockLostError).code).toBe(LockErrorCode.Lost);
    expect((two.signal.reason as LockLostError).code).toBe(LockErrorCode.Lost);
    expect(elsewhere.signal.aborted).toBe(false);
    expect(await inspector.exists(two.ownerId)).toBeNull();
    await waitFor('the session to expire', () => changes.includes('expired'), poll);
    expect(changes).toEqual(['connected', 'suspended', 'expired']);
    const again = await lock.acquire(uniqueResource(), { waitMs: 0 });
    expect(lock.sessionInfo()?.id).not.toBe(before?.id);
    await Promise.all([again.release(), elsewhere.release()]);
  });

  it('zookeeper lock: closing the lock fires its held leases and frees their locks', async () => {
    const lock = new ZooKeeperLock({ connectionString, sessionTimeoutMs: 2_000 });
    const resource = uniqueResource();
    const lease = await lock.acquire(resource, { waitMs: 0 });
    await lock.close();
    expect(lease.signal.aborted).toBe(true);
    expect((lease.signal.reason as LockLostError).reason).toBe('session-expired');
    const next = await newLock().acquire(resource, { waitMs: 0 });
    await next.release();
    await expectLockError(lock.acquire(resource, { waitMs: 0 }), LockErrorCode.Unavailable);
  });

  it('zookeeper lock: invalid arguments are refused before touching ZooKeeper', async () => {
    const lock = newLock({ connectionString: '127.0.0.1:1' });
    await expectLockError(lock.acquire(''), LockErrorCode.InvalidArgument);
    await expectLockError(lock.acquire('x', { ttlMs: 0 }), LockErrorCode.InvalidArgument);
    await expectLockError(lock.acquire('x', { waitMs: -1 }), LockErrorCode.InvalidArgument);
    expect(() => new ZooKeeperLock({ connectionString, root: 'relative' })).toThrow();
  });
});
