import {
  type DistributedLock,
  isLockError,
  type Lease,
  LockErrorCode,
  recordFencedWrite,
  withLock,
} from '@lockstep/locks';
import { type Logger, TooManyRequestsError, UnavailableError } from '@lockstep/service-kit';
import { writeStock } from '../db/skus.js';
import type { Sql } from '../db/sql.js';
import { fenceRejected } from '../domain/inventory-errors.js';
import type { StockLevels } from '../domain/stock.js';

/** The lock resource of a SKU. */
export function skuResource(sku: string): string {
  return `sku:${sku}`;
}

/** What work under a SKU lock gets: the fencing token, and the only way to write stock. */
export interface HeldSku {
  /** The SKU locked. */
  readonly sku: string;
  /** The lease's fencing token (the ZooKeeper lock node's czxid). */
  readonly fencingToken: bigint;
  /** Fenced stock write; throws FENCE_REJECTED (nothing written) if a newer holder wrote. */
  writeStock(tx: Sql, stock: StockLevels): Promise<void>;
  /** Throws LOCK_LOST if the lease (or the caller's signal) may be gone; call right before commit. */
  assertHeld(): void;
}

/** Options for {@link SkuLocks.run}. */
export interface SkuLockOptions {
  /** How long to wait for the lock, in ms. */
  waitMs: number;
  /** Cancels the wait, and counts as a lost lock once held (the sweeper's leadership). */
  signal?: AbortSignal;
}

/**
 * Runs work under the ZooKeeper lock of one SKU (take the lock, then the transaction, then
 * release) and turns lock outcomes into answers a caller can act on:
 * - LOCK_CONTENDED (waited `waitMs`, still held by others) → 429 SKU_BUSY with Retry-After.
 *   Contention is an outcome, not a fault: 4xx keeps a flash sale's losers out of 5xx alerts
 *   and out of load balancers' outlier ejection, which would punish healthy replicas.
 * - LOCK_UNAVAILABLE (ZooKeeper down) → 503, failing closed: nothing is written unlocked.
 * - LOCK_LOST / LOCK_CANCELLED → 503; the transaction was rolled back.
 * A release that ZooKeeper does not confirm after the work committed is logged, not thrown:
 * the work's outcome stands, and the node goes with the session if its delete never lands.
 */
export class SkuLocks {
  private readonly log: Logger;

  /**
   * @param onStockWritten told after each fenced stock write succeeds, still under the lock
   *   and before the commit (the sold-out fast path clears its flag when units come back)
   */
  constructor(
    private readonly lock: DistributedLock,
    logger: Logger,
    private readonly onStockWritten: (sku: string, stock: StockLevels) => void = () => {},
  ) {
    this.log = logger.child({ component: 'sku-lock' });
  }

  /** Takes the SKU's lock, runs `work` with it, releases it; see the class comment. */
  async run<T>(
    sku: string,
    options: SkuLockOptions,
    work: (held: HeldSku) => Promise<T>,
  ): Promise<T> {
    const resource = skuResource(sku);
    let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
    try {
      await withLock(
        this.lock,
        resource,
        async (lease) => {
          // Caught here so that a failed release (thrown by withLock afterwards) can never
          // replace the work's own result or error.
          try {
            outcome = {
              ok: true,
              value: await work(heldSku(sku, lease, options.signal, this.onStockWritten)),
            };
          } catch (error) {
            outcome = { ok: false, error };
          }
        },
        { waitMs: options.waitMs, ...(options.signal ? { signal: options.signal } : {}) },
      );
    } catch (error) {
      if (outcome === undefined) throw asAnswer(error, sku);
      this.log.warn({ err: error, resource }, 'SKU lock release unconfirmed after the work ended');
    }
    if (outcome === undefined) throw new Error(`no outcome for work under ${resource}`);
    if (!outcome.ok) throw asAnswer(outcome.error, sku);
    return outcome.value;
  }
}

function heldSku(
  sku: string,
  lease: Lease,
  signal: AbortSignal | undefined,
  onStockWritten: (sku: string, stock: StockLevels) => void,
): HeldSku {
  if (lease.fencingToken === null) {
    // Every stock write is fenced; a backend without a sound token cannot protect the stock.
    throw new Error(`the ${lease.strategy} lock gives no fencing token for ${lease.resource}`);
  }
  const fencingToken = lease.fencingToken;
  const assertHeld = () => {
    if (lease.signal.aborted) throw lease.signal.reason;
    if (signal?.aborted) throw signal.reason;
  };
  return {
    sku,
    fencingToken,
    assertHeld,
    async writeStock(tx, stock) {
      assertHeld();
      const accepted = await writeStock(tx, sku, stock, fencingToken);
      recordFencedWrite(lease.strategy, lease.resource, accepted ? 'accepted' : 'rejected');
      if (!accepted) throw fenceRejected(sku, fencingToken);
      onStockWritten(sku, stock);
    },
  };
}

function asAnswer(error: unknown, sku: string): unknown {
  if (!isLockError(error)) return error;
  const options = { cause: error, retryAfterSeconds: 1 };
  switch (error.code) {
    case LockErrorCode.Contended:
      return new TooManyRequestsError(`SKU ${sku} is busy; retry shortly`, 1, {
        code: 'SKU_BUSY',
        cause: error,
      });
    case LockErrorCode.Unavailable:
      return new UnavailableError('the lock service is unavailable', {
        ...options,
        code: 'LOCK_UNAVAILABLE',
      });
    case LockErrorCode.Lost:
      return new UnavailableError(`the lock of SKU ${sku} was lost; nothing was written`, {
        ...options,
        code: 'LOCK_LOST',
      });
    case LockErrorCode.Cancelled:
      return new UnavailableError(`waiting for SKU ${sku} was cancelled`, {
        ...options,
        code: 'LOCK_CANCELLED',
      });
    default:
      return error;
  }
}
