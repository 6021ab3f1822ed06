import { setTimeout as delay } from 'node:timers/promises';
import { localTopology } from '@lockstep/infra-local';
import { LockErrorCode, RedisLock, ZooKeeperLock } from '@lockstep/locks';
import { uniqueName } from '@lockstep/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { LockRunner } from '../src/index.ts';
import { memoryLogger } from './support/memory-logger.ts';

const topology = localTopology();

/** The kit's lock runner on real backends: Redis (TTL leases) and ZooKeeper (session leases). */
describe('LockRunner', () => {
  const redisA = new RedisLock({ node: topology.redis[0] });
  const redisB = new RedisLock({ node: topology.redis[0] });
  const zookeeper = new ZooKeeperLock({
    connectionString: topology.zookeeper,
    sessionTimeoutMs: 4_000,
  });
  const { logger } = memoryLogger('silent');
  afterAll(async () => {
    await Promise.all([redisA.close(), redisB.close(), zookeeper.close()]);
  });

  it('runs work under every lock of a set, and runs on {a,b} and {b,a} never overlap or deadlock', async () => {
    const [a, b] = [uniqueName('runner-a'), uniqueName('runner-b')];
    const runners = [redisA, redisB].map(
      (lock) => new LockRunner(lock, logger, { waitMs: 10_000 }),
    );
    let inside = 0;
    let overlaps = 0;
    const rounds = runners.map(async (runner, i) => {
      for (let round = 0; round < 10; round++) {
        await runner.run(i === 0 ? [a, b] : [b, a], async (held) => {
          expect(held.leases.map((lease) => lease.resource)).toEqual([a, b].sort());
          inside++;
          if (inside > 1) overlaps++;
          await delay(2);
          inside--;
        });
      }
    });
    await Promise.all(rounds);
    expect(overlaps).toBe(0);
  });

  it('keeps every lease alive while the work outlasts the TTL, then releases them', async () => {
    const resources = [uniqueName('runner-long-1'), uniqueName('runner-long-2')];
    const runner = new LockRunner(redisA, logger, { waitMs: 0, ttlMs: 500 });
    await runner.run(resources, async (held) => {
      await delay(1_500);
      expect(held.signal.aborted).toBe(false);
      for (const resource of resources) {
        const attempt = redisB.acquire(resource, { waitMs: 0 });
        await expect(attempt).rejects.toMatchObject({ code: LockErrorCode.Contended });
      }
    });
    for (const resource of resources)
      await (await redisB.acquire(resource, { waitMs: 0 })).release();
  });

  it("gives the work each resource's fencing token, and the work's own error wins while the locks are released", async () => {
    const resource = uniqueName('runner-token');
    const runner = new LockRunner(zookeeper, logger, { waitMs: 1_000 });
    const failure = new Error('the work failed');
    await expect(
      runner.run(resource, async (held) => {
        expect(typeof held.fencingToken(resource)).toBe('bigint');
        expect(() => held.fencingToken('not-locked')).toThrow(/not locked/);
        throw failure;
      }),
    ).rejects.toBe(failure);
    await (await zookeeper.acquire(resource, { waitMs: 0 })).release();
  });

  it("counts the caller's signal as a lost lock once held: assertHeld throws its reason", async () => {
    const runner = new LockRunner(zookeeper, logger, { waitMs: 1_000 });
    const term = new AbortController();
    const reason = new Error('leadership lost');
    await expect(
      runner.run(
        uniqueName('runner-term'),
        async (held) => {
          held.assertHeld();
          term.abort(reason);
          expect(held.signal.aborted).toBe(true);
          held.assertHeld();
        },
        { signal: term.signal },
      ),
    ).rejects.toBe(reason);
  });

  it('passes lock errors through unchanged: a lock still held at the deadline is LOCK_CONTENDED', async () => {
    const resource = uniqueName('runner-busy');
    const holder = await redisB.acquire(resource, { waitMs: 0 });
    const runner = new LockRunner(redisA, logger, { waitMs: 100 });
    await expect(runner.run(resource, async () => 'never')).rejects.toMatchObject({
      code: LockErrorCode.Contended,
    });
    await holder.release();
  });
});
