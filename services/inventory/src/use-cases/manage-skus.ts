import { withTransaction } from '@lockstep/service-kit';
import { findSku, insertSku, lockSku, type Sku } from '../db/skus.js';
import { skuExists, skuNotFound } from '../domain/inventory-errors.js';
import { initialStock, restockUnits } from '../domain/stock.js';
import type { ServiceDeps } from './service-deps.js';

/** What POST /skus asks for. */
export interface NewSku {
  readonly sku: string;
  readonly name: string;
  readonly priceCents: number;
  readonly stock: number;
}

/**
 * Creates a SKU with all its units available; SKU_EXISTS if it exists. No SKU lock: nobody
 * can hold the lock of a SKU that does not exist yet for a reason, and the primary key
 * decides a race between two creators.
 */
export async function createSku(deps: ServiceDeps, input: NewSku): Promise<Sku> {
  const sku = { sku: input.sku, name: input.name, priceCents: input.priceCents };
  if (!(await insertSku(deps.pool, { ...sku, ...initialStock(input.stock) }))) {
    throw skuExists(input.sku);
  }
  return { ...sku, ...initialStock(input.stock), fence: 0n };
}

/** Reads a SKU; SKU_NOT_FOUND if there is none. */
export async function getSku(deps: ServiceDeps, sku: string): Promise<Sku> {
  const found = await findSku(deps.pool, sku);
  if (!found) throw skuNotFound(sku);
  return found;
}

/** Adds units under the SKU lock, fenced; SKU_NOT_FOUND, STOCK_LIMIT or SKU_BUSY otherwise. */
export async function restockSku(deps: ServiceDeps, sku: string, quantity: number): Promise<Sku> {
  // Checked before locking so an unknown SKU never creates a lock node in ZooKeeper.
  await getSku(deps, sku);
  return deps.skuLocks.run(sku, { waitMs: deps.requestLockWaitMs }, (held) =>
    withTransaction(deps.pool, async (tx) => {
      const current = await lockSku(tx, sku);
      if (!current) throw skuNotFound(sku);
      const next = restockUnits(sku, current, quantity);
      await held.writeStock(tx, next);
      held.assertHeld();
      return { ...current, ...next, fence: held.fencingToken };
    }),
  );
}
