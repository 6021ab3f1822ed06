import { describe, expect, it } from 'vitest';
import { monotonicNow } from './clock.js';
import { type LockError, LockErrorCode } from './errors/index.js';
import type { DistributedLock } from './lock.js';
import { ManagedLease } from './managed-lease.js';
import { withLock } from './with-lock.js';

// Pure logic of withLock's error precedence; the lock guarantees are proven in test/.
function lockWhoseReleaseFails(): DistributedLock {
  return {
    strategy: 'redis',
    close: async () => undefined,
    acquire: async (resource) =>
      new ManagedLease({
        resource,
        strategy: 'redis',
        ownerId: 'o',
        fencingToken: null,
        tokenKind: 'none',
        ttlMs: 5_000,
        validFrom: monotonicNow(),
        safetyMarginMs: 0,
        operations: {
          renew: async () => undefined,
          release: async () => {
            throw new Error('node timeout');
          },
        },
      }),
  };
}

describe('withLock', () => {
  it("keeps the work's own error when the release also fails", async () => {
    const releaseErrors: unknown[] = [];
    await expect(
      withLock(
        lockWhoseReleaseFails(),
        'r',
        async () => {
          throw new Error('SOLD_OUT');
        },
        { onReleaseError: (e) => releaseErrors.push(e) },
      ),
    ).rejects.toThrow('SOLD_OUT');
    expect((releaseErrors[0] as LockError).code).toBe(LockErrorCode.ReleaseUnconfirmed);
  });

  it("returns the work's result and reports an unconfirmed release to onReleaseError", async () => {
    const releaseErrors: unknown[] = [];
    const result = await withLock(lockWhoseReleaseFails(), 'r', async () => 'committed', {
      onReleaseError: (e) => releaseErrors.push(e),
    });
    expect(result).toBe('committed');
    expect(releaseErrors).toHaveLength(1);
  });

  it('throws LOCK_RELEASE_UNCONFIRMED after successful work when no handler is given', async () => {
    await expect(withLock(lockWhoseReleaseFails(), 'r', async () => 'committed')).rejects.toSatisfy(
      (e) => (e as LockError).code === LockErrorCode.ReleaseUnconfirmed,
    );
  });
});
