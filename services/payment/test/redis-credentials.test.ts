import { localTopology } from '@lockstep/infra-local';
import { RedlockLock } from '@lockstep/locks';
import { uniqueName } from '@lockstep/testkit';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Payment's Redlock connects to the Redis nodes as the lock user (infra/redis/lock-user.acl),
 * never as an admin: these tests show on the real nodes that this credential is enough for
 * every lock operation, including a contended hand-off through release notices, and good for
 * nothing else.
 */
const lockNodes = localTopology().redisForLocks;

describe("payment's Redis credential: the lock user", () => {
  const locks: RedlockLock[] = [];
  const raw = lockNodes.map((url) => new Redis(url, { maxRetriesPerRequest: 0 }));
  afterAll(async () => {
    await Promise.all(locks.map((lock) => lock.close()));
    await Promise.all(raw.map((client) => client.quit()));
  });

  it('connects as the lock user, not the admin', async () => {
    for (const client of raw)
      expect(await client.call('ACL', 'WHOAMI').catch(String)).toMatch(/NOPERM/);
    expect(new Set(lockNodes.map((url) => new URL(url).username))).toEqual(new Set(['locks']));
    expect(new URL(localTopology().redis[0]).username).not.toBe('locks');
  });

  it('takes, hands off (through a release notice) and releases a Redlock lease on all three nodes', async () => {
    const [first, second] = [
      new RedlockLock({ nodes: lockNodes }),
      new RedlockLock({ nodes: lockNodes }),
    ];
    locks.push(first, second);
    const resource = uniqueName('wallet');
    const held = await first.acquire(resource, { ttlMs: 5_000 });
    // The waiter subscribes to the release notice and takes the lease when it is published.
    const waiting = second.acquire(resource, { ttlMs: 5_000, waitMs: 4_000 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const releasedAt = Date.now();
    await held.release();
    const next = await waiting;
    // Woken by the notice, well before its 5 s TTL could have run out.
    expect(Date.now() - releasedAt).toBeLessThan(4_000);
    expect(next.ownerId).not.toBe(held.ownerId);
    expect(next.signal.aborted).toBe(false);
    await next.release();
    // The key is gone from every node: the release script ran with this user's rights.
    const admin = localTopology().redis.map((url) => new Redis(url));
    try {
      // The lock library's key for a resource, under its default prefix.
      const key = `lockstep:lock:${resource}`;
      expect(await Promise.all(admin.map((client) => client.exists(key)))).toEqual([0, 0, 0]);
    } finally {
      for (const client of admin) client.disconnect();
    }
  });

  it.each([
    ['FLUSHALL', ['FLUSHALL']],
    ['CONFIG GET', ['CONFIG', 'GET', 'maxmemory']],
    ['KEYS', ['KEYS', '*']],
    ['a key outside lockstep:*', ['GET', 'session:someone']],
    ['a write outside lockstep:*', ['SET', 'orders:1', 'x']],
    ['ACL SETUSER', ['ACL', 'SETUSER', 'mallory', 'on', '>x', '+@all']],
    ['CLIENT LIST', ['CLIENT', 'LIST']],
    ['a channel outside lockstep:*', ['PUBLISH', 'other-channel', 'x']],
  ] as const)('is refused %s (NOPERM) on every node', async (_what, command) => {
    for (const client of raw) {
      const [name, ...args] = command;
      await expect(client.call(name, ...args)).rejects.toThrow(/NOPERM/);
    }
  });
});
