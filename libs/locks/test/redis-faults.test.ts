import { setTimeout as delay } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Lease, LockErrorCode } from '../src/index.ts';
import { RedlockLock, redisLockKeys } from '../src/redis/index.ts';
import { expectLockError } from './support/expect-lock-error.ts';
import { PrivateRedis } from './support/private-redis.ts';
import { uniqueResource } from './support/unique-resource.ts';

/**
 * Redlock under node faults, on three private redis-server processes this file starts, kills,
 * pauses and restarts (never the shared stack).
 */
describe('redlock with failing nodes', () => {
  let servers: PrivateRedis[] = [];
  let lockA: RedlockLock;
  let lockB: RedlockLock;

  beforeAll(async () => {
    servers = await Promise.all([PrivateRedis.start(), PrivateRedis.start(), PrivateRedis.start()]);
    const nodes = servers.map((s) => s.address);
    lockA = new RedlockLock({ nodes });
    lockB = new RedlockLock({ nodes });
  });

  afterEach(async () => {
    // Every test leaves all three nodes up, whatever it did to them, and both clients
    // reconnected to each of them (ioredis reconnects in the background, up to 500 ms later).
    for (const server of servers) {
      server.resume();
      await server.restart().catch(() => undefined);
    }
    await Promise.all([untilEveryNodeAnswers(lockA), untilEveryNodeAnswers(lockB)]);
  });

  afterAll(async () => {
    await Promise.all([lockA?.close(), lockB?.close()]);
    await Promise.all(servers.map((s) => s.stop()));
  });

  /** Waits until a lease of `lock` lands on all three nodes, i.e. it is connected to each. */
  async function untilEveryNodeAnswers(lock: RedlockLock): Promise<void> {
    const clients = servers.map((s) => new Redis({ host: '127.0.0.1', port: s.port }));
    try {
      for (let i = 0; i < 100; i++) {
        const resource = uniqueResource('probe');
        const lease = await lock.acquire(resource, { waitMs: 0 }).catch(() => undefined);
        if (lease) {
          await delay(20); // a majority grants; the last node's SET may still be on its way
          const { lock: key } = redisLockKeys(resource);
          const values = await Promise.all(clients.map((c) => c.get(key)));
          await lease.release();
          if (values.every((v) => v === lease.ownerId)) return;
        }
        await delay(50);
      }
      throw new Error('a lock client never reconnected to every node');
    } finally {
      await Promise.all(clients.map((c) => c.quit()));
    }
  }

  /** Retries a try-once acquire until the clients have reconnected to restarted nodes. */
  async function acquireOnceRecovered(lock: RedlockLock, resource: string): Promise<Lease> {
    for (let i = 0; ; i++) {
      try {
        return await lock.acquire(resource, { ttlMs: 5_000, waitMs: 0 });
      } catch (error) {
        if (i >= 100) throw error;
        await delay(100);
      }
    }
  }

  it('with one of three nodes killed, locks are still acquired, exclusive, extended and released', async () => {
    await servers[2]?.kill();
    const resource = uniqueResource('one-down');
    const lease = await lockA.acquire(resource, { ttlMs: 5_000, waitMs: 0 });
    await expectLockError(lockB.acquire(resource, { waitMs: 0 }), LockErrorCode.Contended);
    await lease.extend();
    await lease.release();
    const next = await lockB.acquire(resource, { ttlMs: 5_000, waitMs: 0 });
    await next.release();
  });

  it('with two of three nodes killed, acquire fails fast and closed with LOCK_UNAVAILABLE, not after its wait', async () => {
    const resource = uniqueResource('two-down');
    const held = await lockA.acquire(resource, { ttlMs: 10_000, waitMs: 0 });
    await Promise.all([servers[1]?.kill(), servers[2]?.kill()]);

    const started = performance.now();
    await expectLockError(lockB.acquire(resource, { waitMs: 10_000 }), LockErrorCode.Unavailable);
    await expectLockError(
      lockB.acquire(uniqueResource(), { waitMs: 10_000 }),
      LockErrorCode.Unavailable,
    );
    // Both gave up long before either wait ran out: a lost quorum is a fault, not contention.
    expect(performance.now() - started).toBeLessThan(5_000);

    // The holder's renewal cannot be confirmed either; that is a fault, not a loss.
    await expectLockError(held.extend(), LockErrorCode.Unavailable);
    expect(held.signal.aborted).toBe(false);
    // Nor its release: the lease keeps its state so the release can be retried.
    await expectLockError(held.release(), LockErrorCode.ReleaseUnconfirmed);

    await Promise.all([servers[1]?.restart(), servers[2]?.restart()]);
    for (let i = 0; ; i++) {
      const released = await held.release().then(
        () => true,
        () => false,
      );
      if (released) break;
      if (i >= 100) throw new Error('release never confirmed after the nodes came back');
      await delay(100);
    }
    const after = await acquireOnceRecovered(lockB, resource);
    await after.release();
  });

  it('after all killed nodes restart empty, locks work again', async () => {
    await Promise.all([servers[0]?.kill(), servers[1]?.kill()]);
    await expectLockError(
      lockA.acquire(uniqueResource(), { waitMs: 0 }),
      LockErrorCode.Unavailable,
    );
    await Promise.all([servers[0]?.restart(), servers[1]?.restart()]);
    const resource = uniqueResource('restarted');
    const lease = await acquireOnceRecovered(lockA, resource);
    await expectLockError(lockB.acquire(resource, { waitMs: 0 }), LockErrorCode.Contended);
    await lease.release();
  });

  it('a frozen node (SIGSTOP) costs no more than its timeout: the other two grant and release', async () => {
    servers[0]?.pause();
    const resource = uniqueResource('frozen');
    const lease = await lockA.acquire(resource, { ttlMs: 5_000, waitMs: 0 });
    expect(lease.remainingMs()).toBeGreaterThan(4_000);
    await expectLockError(lockB.acquire(resource, { waitMs: 0 }), LockErrorCode.Contended);
    await lease.release();
    const next = await lockB.acquire(resource, { ttlMs: 5_000, waitMs: 0 });
    await next.release();
  });

  it('a grant that comes back with too little validity is not returned, and its keys are deleted', async () => {
    const resource = uniqueResource('slow');
    const { lock: key } = redisLockKeys(resource);
    const clients = servers.map((s) => new Redis({ host: '127.0.0.1', port: s.port }));
    const slow = new RedlockLock({ nodes: servers.map((s) => s.address), nodeTimeoutMs: 3_000 });
    try {
      // Connected first, so the pause below delays the acquire and not the connection.
      await (await slow.acquire(uniqueResource(), { waitMs: 0 })).release();
      // Two nodes answer only after ~950 ms: a majority grants, but of a 1 s TTL barely any
      // validity is left (below the default minimum of a tenth of the TTL).
      await Promise.all(clients.slice(0, 2).map((c) => c.call('CLIENT', 'PAUSE', '950', 'ALL')));
      const started = performance.now();
      await expectLockError(
        slow.acquire(resource, { ttlMs: 1_000, waitMs: 0 }),
        LockErrorCode.Unavailable,
      );
      expect(performance.now() - started).toBeGreaterThan(900);
      for (const client of clients) expect(await client.exists(key)).toBe(0);
    } finally {
      await slow.close();
      await Promise.all(clients.map((c) => c.quit()));
    }
  });
});
