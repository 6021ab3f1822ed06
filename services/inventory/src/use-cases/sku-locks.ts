import { recordFencedWrite } from '@lockstep/locks';
import type { HeldLocks, LockRunner } from '@lockstep/service-kit';
import { writeStock } from '../db/skus.js';
import type { Sql } from '../db/sql.js';
import { fenceRejected } from '../domain/inventory-errors.js';
import type { StockLevels } from '../domain/stock.js';

const resourcePrefix = 'sku:';

/** The lock resource of a SKU. */
export function skuResource(sku: string): string {
  return `${resourcePrefix}${sku}`;
}

/** The SKU a lock resource names (`sku:<sku>`), for answers about a contended lock. */
export function skuOfResource(resource: string | undefined): string {
  return resource?.startsWith(resourcePrefix) ? resource.slice(resourcePrefix.length) : '?';
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
 * Work under the lock of one SKU, on the kit's LockRunner: take the lock, then the
 * transaction, then release, the lease kept alive meanwhile. What it adds is the fence: the
 * only stock write work gets carries the lease's token, and is counted as accepted or refused.
 * Lock errors pass through unchanged; the service's error table answers them (contention 429
 * SKU_BUSY, a lost or unreachable lock 503), and the consumer and the sweeper retry them.
 */
export class SkuLocks {
  /**
   * @param onStockWritten told after each fenced stock write succeeds, still under the lock
   *   and before the commit (the sold-out fast path clears its flag when units come back)
   */
  constructor(
    private readonly runner: LockRunner,
    private readonly onStockWritten: (sku: string, stock: StockLevels) => void = () => {},
  ) {}

  /** Takes the SKU's lock, runs `work` with it, releases it; see the class comment. */
  run<T>(sku: string, options: SkuLockOptions, work: (held: HeldSku) => Promise<T>): Promise<T> {
    return this.runner.run(
      skuResource(sku),
      (held) => work(heldSku(sku, held, this.onStockWritten)),
      options,
    );
  }
}

function heldSku(
  sku: string,
  held: HeldLocks,
  onStockWritten: (sku: string, stock: StockLevels) => void,
): HeldSku {
  const resource = skuResource(sku);
  // Taken before the work runs: a backend without a sound token cannot protect the stock, so
  // it is refused before anything is read or written.
  const fencingToken = held.fencingToken(resource);
  const [lease] = held.leases;
  if (lease === undefined) throw new Error(`no lease for ${resource}`);
  const { strategy } = lease;
  return {
    sku,
    fencingToken,
    assertHeld: () => held.assertHeld(),
    async writeStock(tx, stock) {
      held.assertHeld();
      const accepted = await writeStock(tx, sku, stock, fencingToken);
      recordFencedWrite(strategy, resource, accepted ? 'accepted' : 'rejected');
      if (!accepted) throw fenceRejected(sku, fencingToken);
      onStockWritten(sku, stock);
    },
  };
}
