import { setTimeout as delay } from 'node:timers/promises';
import { localTopology } from '@lockstep/infra-local';
import { waitFor } from '@lockstep/testkit';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type DistributedLock,
  type Lease,
  LockErrorCode,
  type LockLostError,
} from '../src/index.ts';
import { RedisLock, RedlockLock, redisLockKeys } from '../src/redis/index.ts';
import { expectLockError } from './support/expect-lock-error.ts';
import { uniqueResource } from './support/unique-resource.ts';

const nodes = localTopology().redis;
const raw = nodes.map((url) => new Redis(url));
const locks: DistributedLock[] = [];

/** Registers a lock to be closed after this file. */
function track<T extends DistributedLock>(lock: T): T {
  locks.push(lock);
  return lock;
}

afterAll(async () => {
  await Promise.all(locks.map((lock) => lock.close()));
  await Promise.all(raw.map((client) => client.quit()));
});

function untilLost(lease: Lease): Promise<void> {
  return new Promise((resolve) =>
    lease.signal.addEventListener('abort', () => resolve(), { once: true }),
  );
}

/** Key expiry and replication on the local nodes take milliseconds: poll often, fail after 5 s. */
const poll = { timeoutMs: 5_000, intervalMs: 20 };

// Fallback polls of 4 s jittered by ±25% never come sooner than 3 s: anything faster was a
// notification or the holder's PTTL, which is what these tests prove.
const slowPoll = { pollIntervalMs: 4_000 };

const modes = [
  { name: 'redlock (3 nodes)', used: raw, create: () => new RedlockLock({ nodes, ...slowPoll }) },
  {
    name: 'redis (single node)',
    used: raw.slice(0, 1),
    create: () => new RedisLock({ node: nodes[0], ...slowPoll }),
  },
];

describe.each(modes)('$name', ({ create, used }) => {
  it('a release notification wakes a waiter long before its fallback poll', async () => {
    const [holderLock, waiterLock] = [track(create()), track(create())];
    const resource = uniqueResource('wake');
    const held = await holderLock.acquire(resource, { ttlMs: 10_000, waitMs: 0 });
    let acquiredAt = 0;
    const waiting = waiterLock.acquire(resource, { ttlMs: 5_000, waitMs: 10_000 }).then((lease) => {
      acquiredAt = performance.now();
      return lease;
    });
    await delay(100);
    expect(acquiredAt).toBe(0);
    const releasedAt = performance.now();
    await held.release();
    const next = await waiting;
    expect(acquiredAt - releasedAt).toBeLessThan(1_500);
    await next.release();
  });

  it("a waiter wakes when the holder's key expires, bounded by the holder's PTTL, not the poll", async () => {
    const [holderLock, waiterLock] = [track(create()), track(create())];
    const resource = uniqueResource('expire');
    const abandoned = await holderLock.acquire(resource, { ttlMs: 400, waitMs: 0 });
    const started = performance.now();
    const next = await waiterLock.acquire(resource, { ttlMs: 5_000, waitMs: 10_000 });
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(abandoned.signal.aborted).toBe(true);
    await next.release();
  });

  it("a stale holder's release after its TTL ran out leaves the new holder's key on every node", async () => {
    const [lockA, lockB] = [track(create()), track(create())];
    const resource = uniqueResource('stale');
    const { lock } = redisLockKeys(resource);
    const stale = await lockA.acquire(resource, { ttlMs: 300, waitMs: 0 });
    await untilLost(stale);
    // The new holder's key should be on every node, so the stale release has one to (wrongly)
    // delete everywhere: wait until each node expired the old key, and after the grant (a
    // majority suffices) until the last node's SET landed.
    await waitFor(
      'the old key expired on every node',
      async () => {
        const values = await Promise.all(used.map((client) => client.exists(lock)));
        return values.every((v) => v === 0);
      },
      poll,
    );
    const fresh = await lockB.acquire(resource, { ttlMs: 10_000, waitMs: 5_000 });
    await waitFor(
      "the new holder's key on every node",
      async () => {
        const values = await Promise.all(used.map((client) => client.get(lock)));
        return values.every((v) => v === fresh.ownerId);
      },
      poll,
    );
    await stale.release();
    for (const client of used) expect(await client.get(lock)).toBe(fresh.ownerId);
    await fresh.release();
    for (const client of used) expect(await client.get(lock)).toBeNull();
  });

  it('a renewal after the key was taken away fails with LOCK_LOST (not-owner) and fires the signal', async () => {
    const lock = track(create());
    const resource = uniqueResource('taken');
    const lease = await lock.acquire(resource, { ttlMs: 10_000, waitMs: 0 });
    const { lock: key } = redisLockKeys(resource);
    await Promise.all(used.map((client) => client.set(key, 'someone-else', 'PX', 10_000)));
    await expectLockError(lease.extend(), LockErrorCode.Lost);
    expect((lease.signal.reason as LockLostError).reason).toBe('not-owner');
    await lease.release();
    for (const client of used) expect(await client.get(key)).toBe('someone-else');
    await Promise.all(used.map((client) => client.del(key)));
  });

  it('a cancelled waiter unsubscribes from the release channel and leaves no key behind', async () => {
    const [holderLock, waiterLock] = [track(create()), track(create())];
    const resource = uniqueResource('cancel');
    const { lock: key, channel } = redisLockKeys(resource);
    const held = await holderLock.acquire(resource, { ttlMs: 10_000, waitMs: 0 });
    const cancel = new AbortController();
    const waiting = waiterLock.acquire(resource, { waitMs: 10_000, signal: cancel.signal });
    await delay(150);
    const subscribed = await used[0]?.pubsub('NUMSUB', channel);
    expect(subscribed).toEqual([channel, 1]);
    cancel.abort();
    await expectLockError(waiting, LockErrorCode.Cancelled);
    await delay(50);
    expect(await used[0]?.pubsub('NUMSUB', channel)).toEqual([channel, 0]);
    for (const client of used) expect(await client.get(key)).toBe(held.ownerId);
    await held.release();
  });
});

describe('fencing tokens of the Redis locks', () => {
  it('single-node INCR tokens increase across holders, from a counter that never expires', async () => {
    const [lockA, lockB] = [
      track(new RedisLock({ node: nodes[0] })),
      track(new RedisLock({ node: nodes[0] })),
    ];
    const resource = uniqueResource('fence');
    const tokens: bigint[] = [];
    for (let i = 0; i < 4; i++) {
      const lease = await (i % 2 === 0 ? lockA : lockB).acquire(resource, {
        ttlMs: 5_000,
        waitMs: 5_000,
      });
      expect(lease.tokenKind).toBe('redis-incr');
      tokens.push(lease.fencingToken as bigint);
      await lease.release();
    }
    expect(tokens).toEqual([1n, 2n, 3n, 4n]);
    const fence = redisLockKeys(resource).fence;
    expect(await raw[0]?.pttl(fence)).toBe(-1);
    await raw[0]?.del(fence);
  });

  it('redlock leases carry no token, and say so with the kind none', async () => {
    const lock = track(new RedlockLock({ nodes }));
    const lease = await lock.acquire(uniqueResource('none'), { ttlMs: 5_000, waitMs: 0 });
    expect(lease.fencingToken).toBeNull();
    expect(lease.tokenKind).toBe('none');
    await lease.release();
  });
});
