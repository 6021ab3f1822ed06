import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { monotonicNow } from './clock.js';
import { type LockError, LockErrorCode, LockLostError } from './errors/index.js';
import { type LeaseOperations, ManagedLease } from './managed-lease.js';

// Pure logic of the lease state machine; the guarantees themselves are proven against real
// servers in test/. The operations here are scripted stand-ins for a backend.
function lease(ttlMs: number, operations: Partial<LeaseOperations> = {}, marginMs = 0) {
  return new ManagedLease({
    resource: 'unit',
    strategy: 'redis',
    ownerId: 'owner-1',
    fencingToken: 7n,
    tokenKind: 'redis-incr',
    ttlMs,
    validFrom: monotonicNow(),
    safetyMarginMs: marginMs,
    operations: {
      renew: operations.renew ?? (async () => undefined),
      release: operations.release ?? (async () => undefined),
    },
  });
}

const codeOf = (error: unknown) => (error as LockError).code;

describe('ManagedLease', () => {
  it('fires its signal with reason "deadline" once TTL minus margin has passed without renewal', async () => {
    const l = lease(120, {}, 40);
    expect(l.signal.aborted).toBe(false);
    await delay(110);
    expect(l.signal.aborted).toBe(true);
    expect((l.signal.reason as LockLostError).reason).toBe('deadline');
    expect(l.remainingMs()).toBe(0);
  });

  it('an acknowledged extend moves the deadline from the time the renewal was sent', async () => {
    const l = lease(150);
    await delay(100);
    await l.extend();
    await delay(100);
    expect(l.signal.aborted).toBe(false);
    expect(l.remainingMs()).toBeGreaterThan(0);
    await l.release();
  });

  it('a renewal the backend rejects as not-owner marks the lease lost', async () => {
    const l = lease(5_000, {
      renew: async () => {
        throw new LockLostError('unit', 'not-owner');
      },
    });
    await expect(l.extend()).rejects.toSatisfy((e) => codeOf(e) === LockErrorCode.Lost);
    expect(l.signal.aborted).toBe(true);
  });

  it('a renewal that fails for a fault leaves the lease held until its deadline', async () => {
    const l = lease(5_000, {
      renew: async () => {
        throw new Error('connection reset');
      },
    });
    await expect(l.extend()).rejects.toThrow('connection reset');
    expect(l.signal.aborted).toBe(false);
    await l.release();
  });

  it('an unconfirmed release reports LOCK_RELEASE_UNCONFIRMED and can be retried', async () => {
    let calls = 0;
    const l = lease(5_000, {
      release: async () => {
        calls++;
        if (calls === 1) throw new Error('timeout');
      },
    });
    await expect(l.release()).rejects.toSatisfy(
      (e) => codeOf(e) === LockErrorCode.ReleaseUnconfirmed,
    );
    await l.release();
    await expect(l.release()).rejects.toSatisfy((e) => codeOf(e) === LockErrorCode.NotHeld);
    expect(calls).toBe(2);
  });

  it('a fired signal never re-arms, even if a renewal is acknowledged later', async () => {
    const l = lease(60);
    await delay(80);
    expect(l.signal.aborted).toBe(true);
    await expect(l.extend()).rejects.toSatisfy((e) => codeOf(e) === LockErrorCode.Lost);
    l.refresh(monotonicNow(), 10_000);
    expect(l.signal.aborted).toBe(true);
    expect(l.remainingMs()).toBe(0);
  });

  it('keepAlive renews until stopped, so the lease outlives several TTLs', async () => {
    let renewals = 0;
    const l = lease(90, {
      renew: async () => {
        renewals++;
      },
    });
    const stop = l.keepAlive(30);
    await delay(300);
    stop();
    expect(l.signal.aborted).toBe(false);
    expect(renewals).toBeGreaterThanOrEqual(3);
    await l.release();
  });

  it('keepAlive retries a failed renewal sooner than its regular interval', async () => {
    let renewals = 0;
    const l = lease(5_000, {
      renew: async () => {
        renewals++;
        if (renewals === 1) throw new Error('connection reset');
      },
    });
    const stop = l.keepAlive(400);
    // Regular renewals come every 400 ms; the retry after the failure at ~400 ms comes within
    // a quarter interval (±50%), well before the next regular one would at ~800 ms.
    await delay(780);
    stop();
    expect(renewals).toBe(2);
    await l.release();
  });
});
