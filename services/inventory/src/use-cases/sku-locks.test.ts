import {
  type DistributedLock,
  type Lease,
  LockContendedError,
  LockLostError,
  LockReleaseError,
  LockUnavailableError,
} from '@lockstep/locks';
import { createLogger, isAppError, LockRunner, translateErrors } from '@lockstep/service-kit';
import { describe, expect, it } from 'vitest';
import { soldOut } from '../domain/inventory-errors.js';
import { errorTable } from '../http/error-table.js';
import { SkuLocks } from './sku-locks.js';

const logger = createLogger({ service: 'inventory-test', instanceId: 'unit', level: 'silent' });

/** A lock whose acquire and release outcomes a test chooses. */
function fakeLock(options: { acquireError?: Error; releaseError?: Error; token?: bigint | null }) {
  const controller = new AbortController();
  const lease: Lease = {
    resource: 'sku:S',
    strategy: 'zookeeper',
    fencingToken: options.token === undefined ? 42n : options.token,
    tokenKind: 'zookeeper-czxid',
    signal: controller.signal,
    ownerId: 'owner',
    remainingMs: () => 1_000,
    extend: async () => undefined,
    keepAlive: () => () => undefined,
    release: async () => {
      if (options.releaseError) throw options.releaseError;
    },
    [Symbol.asyncDispose]: async () => undefined,
  };
  const lock: DistributedLock = {
    strategy: 'zookeeper',
    acquire: async () => {
      if (options.acquireError) throw options.acquireError;
      return lease;
    },
    close: async () => undefined,
  };
  return { lock, loseLease: () => controller.abort(new LockLostError('sku:S', 'session-expired')) };
}

function skuLocks(lock: DistributedLock): SkuLocks {
  return new SkuLocks(new LockRunner(lock, logger, { waitMs: 0 }));
}

/** What HTTP answers for `error`: the service's error table, as the app applies it. */
function answerTo(error: unknown): unknown {
  let answer: unknown = error;
  translateErrors(errorTable)(error, {} as never, {} as never, (translated?: unknown) => {
    answer = translated;
  });
  return answer;
}

async function outcomeOf(promise: Promise<unknown>) {
  try {
    return { value: await promise };
  } catch (thrown) {
    const error = answerTo(thrown);
    return { code: isAppError(error) ? error.code : String(error), error };
  }
}

describe('SKU lock', () => {
  it('a lock still taken after the wait is 429 SKU_BUSY with a Retry-After', async () => {
    const { lock } = fakeLock({ acquireError: new LockContendedError('sku:S', 2_000) });
    const result = await outcomeOf(skuLocks(lock).run('S', { waitMs: 2_000 }, async () => 1));
    expect(result.code).toBe('SKU_BUSY');
    expect(result.error).toMatchObject({
      status: 429,
      retryAfterSeconds: 1,
      message: 'SKU S is busy; retry shortly',
    });
  });

  it('an unreachable lock service is 503 LOCK_UNAVAILABLE and the work never runs', async () => {
    const { lock } = fakeLock({ acquireError: new LockUnavailableError('down') });
    let ran = false;
    const result = await outcomeOf(
      skuLocks(lock).run('S', { waitMs: 0 }, async () => {
        ran = true;
      }),
    );
    expect(result.code).toBe('LOCK_UNAVAILABLE');
    expect(result.error).toMatchObject({ status: 503 });
    expect(ran).toBe(false);
  });

  it('an unconfirmed release after the work committed returns the work result', async () => {
    const { lock } = fakeLock({ releaseError: new LockReleaseError('sku:S') });
    const result = await outcomeOf(skuLocks(lock).run('S', { waitMs: 0 }, async () => 'done'));
    expect(result).toEqual({ value: 'done' });
  });

  it('an unconfirmed release never hides the error the work threw, answered by its own code', async () => {
    const { lock } = fakeLock({ releaseError: new LockReleaseError('sku:S') });
    const result = await outcomeOf(
      skuLocks(lock).run('S', { waitMs: 0 }, async () => {
        throw soldOut('S', 1, 0);
      }),
    );
    expect(result.code).toBe('SOLD_OUT');
    expect(result.error).toMatchObject({ status: 409 });
  });

  it('a lease that may be lost before commit makes assertHeld throw 503 LOCK_LOST', async () => {
    const { lock, loseLease } = fakeLock({});
    const result = await outcomeOf(
      skuLocks(lock).run('S', { waitMs: 0 }, async (held) => {
        expect(held.fencingToken).toBe(42n);
        loseLease();
        held.assertHeld();
      }),
    );
    expect(result.code).toBe('LOCK_LOST');
    expect(result.error).toMatchObject({ status: 503 });
  });

  it('a lock without a fencing token is refused: every stock write must be fenced', async () => {
    const { lock } = fakeLock({ token: null });
    const result = await outcomeOf(skuLocks(lock).run('S', { waitMs: 0 }, async () => 1));
    expect(String(result.error)).toContain('no fencing token');
  });
});
