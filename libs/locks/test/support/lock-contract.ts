import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AcquireOptions,
  acquireAll,
  type DistributedLock,
  type Lease,
  LockErrorCode,
  type LockLostError,
  withLock,
} from '../../src/index.ts';
import { expectLockError } from './expect-lock-error.ts';
import { uniqueResource } from './unique-resource.ts';

/** How one backend plugs into the shared contract suite. */
export interface LockContractSpec {
  /** Suite name, e.g. "redlock (3 nodes)". */
  name: string;
  /** Creates a lock client; each call is an independent client (own connections/session). */
  create(): Promise<DistributedLock>;
  /** A TTL short enough for expiry tests yet long enough for the backend (etcd: >= 1000). */
  shortTtlMs: number;
  /**
   * Makes `lease` lost the way this backend loses leases in real life (TTL runs out, session
   * expires, lease revoked) and resolves once the server could grant the lock to someone else.
   */
  loseLease(lease: Lease, lock: DistributedLock): Promise<void>;
}

/**
 * The contract every DistributedLock backend must honour, run against real servers. One
 * suite, parameterised by backend, in the spirit of Curator's abstract lock tests.
 */
export function describeLockContract(spec: LockContractSpec): void {
  describe(`lock contract: ${spec.name}`, () => {
    let lockA: DistributedLock;
    let lockB: DistributedLock;
    beforeAll(async () => {
      [lockA, lockB] = await Promise.all([spec.create(), spec.create()]);
    });
    afterAll(async () => {
      await Promise.all([lockA?.close(), lockB?.close()]);
    });

    it('grants a free resource with a live lease that names its resource, strategy and token kind', async () => {
      const resource = uniqueResource();
      const lease = await lockA.acquire(resource, { ttlMs: 5_000, waitMs: 0 });
      expect(lease.resource).toBe(resource);
      expect(lease.strategy).toBe(lockA.strategy);
      expect(lease.signal.aborted).toBe(false);
      expect(lease.remainingMs()).toBeGreaterThan(0);
      expect(lease.remainingMs()).toBeLessThanOrEqual(5_000);
      if (lease.tokenKind === 'none') expect(lease.fencingToken).toBeNull();
      else expect(typeof lease.fencingToken).toBe('bigint');
      await lease.release();
    });

    it('a second client trying once on a held resource gets LOCK_CONTENDED', async () => {
      const resource = uniqueResource();
      const held = await lockA.acquire(resource, { ttlMs: 5_000, waitMs: 0 });
      await expectLockError(
        lockB.acquire(resource, { ttlMs: 5_000, waitMs: 0 }),
        LockErrorCode.Contended,
      );
      await held.release();
    });

    it('a waiter times out with LOCK_CONTENDED after roughly its wait', async () => {
      const resource = uniqueResource();
      const held = await lockA.acquire(resource, { ttlMs: 10_000, waitMs: 0 });
      const error = await expectLockError(
        lockB.acquire(resource, { ttlMs: 5_000, waitMs: 400 }),
        LockErrorCode.Contended,
      );
      expect((error as { waitedMs?: number }).waitedMs).toBeGreaterThanOrEqual(350);
      await held.release();
    });

    it('a waiter gets the lock once the holder releases it', async () => {
      const resource = uniqueResource();
      const held = await lockA.acquire(resource, { ttlMs: 10_000, waitMs: 0 });
      const waiting = lockB.acquire(resource, { ttlMs: 5_000, waitMs: 8_000 });
      await delay(150);
      await held.release();
      const next = await waiting;
      expect(next.resource).toBe(resource);
      await next.release();
    });

    it('a waiter with waitMs Infinity waits until the holder releases', async () => {
      const resource = uniqueResource();
      const held = await lockA.acquire(resource, { ttlMs: 10_000, waitMs: 0 });
      const waiting = lockB.acquire(resource, { ttlMs: 5_000, waitMs: Number.POSITIVE_INFINITY });
      await delay(150);
      await held.release();
      await (await waiting).release();
    });

    it('refuses bad arguments with LOCK_INVALID_ARGUMENT, by rejecting and holding nothing', async () => {
      const resource = uniqueResource();
      const bad: Array<[string, unknown]> = [
        ['', {}],
        [resource, { ttlMs: 0 }],
        [resource, { ttlMs: -5 }],
        [resource, { ttlMs: Number.NaN }],
        [resource, { ttlMs: Number.POSITIVE_INFINITY }],
        [resource, { waitMs: -1 }],
        [resource, { waitMs: Number.NaN }],
        [resource, { signal: 'stop' }],
      ];
      for (const [name, options] of bad) {
        // Called bare: a synchronous throw would escape expectLockError and fail the test.
        const attempt = lockA.acquire(name, options as AcquireOptions);
        await expectLockError(attempt, LockErrorCode.InvalidArgument);
      }
      // Nothing was taken: another client gets the resource at once.
      await (await lockB.acquire(resource, { waitMs: 0 })).release();
    });

    it('a waiter cancelled by its signal gets LOCK_CANCELLED and leaves nothing behind', async () => {
      const resource = uniqueResource();
      const held = await lockA.acquire(resource, { ttlMs: 10_000, waitMs: 0 });
      const cancel = new AbortController();
      const waiting = lockB.acquire(resource, {
        ttlMs: 5_000,
        waitMs: 8_000,
        signal: cancel.signal,
      });
      await delay(150);
      cancel.abort();
      await expectLockError(waiting, LockErrorCode.Cancelled);
      await held.release();
      // Had the cancelled waiter left a queue entry behind, this try-once would be contended.
      const after = await lockA.acquire(resource, { ttlMs: 5_000, waitMs: 0 });
      await after.release();
    });

    it('releasing twice fails with LOCK_NOT_HELD', async () => {
      const lease = await lockA.acquire(uniqueResource(), { ttlMs: 5_000, waitMs: 0 });
      await lease.release();
      await expectLockError(lease.release(), LockErrorCode.NotHeld);
    });

    it('await using releases the lease at the end of the block', async () => {
      const resource = uniqueResource();
      {
        await using lease = await lockA.acquire(resource, { ttlMs: 5_000, waitMs: 0 });
        expect(lease.signal.aborted).toBe(false);
      }
      const again = await lockB.acquire(resource, { ttlMs: 5_000, waitMs: 0 });
      await again.release();
    });

    it('extend keeps the lock past its first TTL', async () => {
      const resource = uniqueResource();
      const lease = await lockA.acquire(resource, { ttlMs: spec.shortTtlMs, waitMs: 0 });
      for (let i = 0; i < 3; i++) {
        await delay(spec.shortTtlMs / 2);
        await lease.extend();
      }
      expect(lease.signal.aborted).toBe(false);
      await expectLockError(lockB.acquire(resource, { waitMs: 0 }), LockErrorCode.Contended);
      await lease.release();
    });

    it('a lost lease fires its signal with LOCK_LOST, and its late release cannot free the new holder', async () => {
      const resource = uniqueResource();
      const lost = await lockA.acquire(resource, { ttlMs: spec.shortTtlMs, waitMs: 0 });
      await spec.loseLease(lost, lockA);
      expect(lost.signal.aborted).toBe(true);
      expect((lost.signal.reason as LockLostError).code).toBe(LockErrorCode.Lost);
      expect(lost.remainingMs()).toBeLessThanOrEqual(0);
      await expectLockError(lost.extend(), LockErrorCode.Lost);
      const next = await lockB.acquire(resource, { ttlMs: 10_000, waitMs: 10_000 });
      // The old holder's release must only delete what it owns: the new holder keeps the lock.
      await lost.release().catch(() => undefined);
      await expectLockError(lockA.acquire(resource, { waitMs: 0 }), LockErrorCode.Contended);
      await next.release();
    });

    it('many concurrent holders never overlap: a non-atomic counter ends exact', async () => {
      const resource = uniqueResource();
      let counter = 0;
      let inside = 0;
      let maxInside = 0;
      const worker = async (lock: DistributedLock) => {
        for (let i = 0; i < 5; i++) {
          await withLock(
            lock,
            resource,
            async () => {
              inside++;
              maxInside = Math.max(maxInside, inside);
              const read = counter;
              await delay(2);
              counter = read + 1;
              inside--;
            },
            { ttlMs: 10_000, waitMs: 30_000 },
          );
        }
      };
      await Promise.all(Array.from({ length: 8 }, (_, i) => worker(i % 2 === 0 ? lockA : lockB)));
      expect(maxInside).toBe(1);
      expect(counter).toBe(40);
    });

    it('fencing tokens of successive holders increase', async () => {
      const resource = uniqueResource();
      const tokens: Array<bigint | null> = [];
      for (let i = 0; i < 4; i++) {
        const lease = await (i % 2 === 0 ? lockA : lockB).acquire(resource, {
          ttlMs: 5_000,
          waitMs: 5_000,
        });
        tokens.push(lease.fencingToken);
        await lease.release();
      }
      const numeric = tokens.filter((t): t is bigint => t !== null);
      if (numeric.length === 0) return; // A backend with no sound token (Redlock) issues none at all.
      expect(numeric).toHaveLength(tokens.length);
      const ascending = [...numeric].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
      expect(numeric).toEqual(ascending);
      expect(new Set(numeric).size).toBe(numeric.length);
    });

    it('withLock renews while the work outlasts the TTL, then releases', async () => {
      const resource = uniqueResource();
      const result = await withLock(
        lockA,
        resource,
        async (lease) => {
          await delay(spec.shortTtlMs * 2.5);
          expect(lease.signal.aborted).toBe(false);
          await expectLockError(lockB.acquire(resource, { waitMs: 0 }), LockErrorCode.Contended);
          return 'done';
        },
        { ttlMs: spec.shortTtlMs, waitMs: 0 },
      );
      expect(result).toBe('done');
      const after = await lockB.acquire(resource, { ttlMs: 5_000, waitMs: 0 });
      await after.release();
    });

    it('a multi-lease kept alive outlives its TTL on every resource, then releases them all', async () => {
      const resources = [uniqueResource('a'), uniqueResource('b')];
      const all = await acquireAll(lockA, resources, { ttlMs: spec.shortTtlMs, waitMs: 0 });
      const stop = all.keepAlive();
      await delay(spec.shortTtlMs * 2.5);
      expect(all.signal.aborted).toBe(false);
      for (const resource of resources) {
        await expectLockError(lockB.acquire(resource, { waitMs: 0 }), LockErrorCode.Contended);
      }
      stop();
      await all.release();
      for (const resource of resources) {
        await (await lockB.acquire(resource, { waitMs: 0 })).release();
      }
    });

    it('multi-lock on {a,b} and {b,a} from two clients at once never deadlocks', async () => {
      const a = uniqueResource('a');
      const b = uniqueResource('b');
      let overlaps = 0;
      let holding = 0;
      const round = async (lock: DistributedLock, resources: string[]) => {
        for (let i = 0; i < 5; i++) {
          await using _all = await acquireAll(lock, resources, { ttlMs: 10_000, waitMs: 20_000 });
          holding++;
          if (holding > 1) overlaps++;
          await delay(3);
          holding--;
        }
      };
      await Promise.all([round(lockA, [a, b]), round(lockB, [b, a])]);
      expect(overlaps).toBe(0);
    });

    it('multi-lock is all or nothing: when one resource stays held, none stays taken', async () => {
      const a = uniqueResource('a');
      const b = uniqueResource('b');
      const blocker = await lockB.acquire(b, { ttlMs: 10_000, waitMs: 0 });
      await expectLockError(
        acquireAll(lockA, [a, b], { ttlMs: 5_000, waitMs: 300 }),
        LockErrorCode.Contended,
      );
      const freeA = await lockB.acquire(a, { ttlMs: 5_000, waitMs: 0 });
      await Promise.all([freeA.release(), blocker.release()]);
    });
  });
}
