import type { DistributedLock, LockStrategy } from '@lockstep/locks';
import {
  envInteger,
  LockBackendComponent,
  LockRunner,
  withTransaction,
} from '@lockstep/service-kit';
import type pg from 'pg';
import { findItem, writeClaimed } from '../db/items.js';
import type { Item } from '../domain/item.js';
import { fenceRejected, itemNotFound } from '../domain/item-errors.js';
import { type GuardWiring, type ItemGuard, type ItemWrite, itemResource } from './item-guard.js';

/** The setting every lock strategy has; spread into its lockSettings. */
export const itemLockWait = {
  ITEM_LOCK_WAIT_MS: envInteger({ min: 0, max: 60_000 })
    .default(2_000)
    .describe('How long a claim waits for its item lock before answering 429 ITEM_BUSY.'),
};

/** What a lock strategy hands {@link lockedItemGuard}. */
export interface LockedGuardOptions {
  strategy: LockStrategy;
  /** This replica's id: its readiness probe locks a resource of its own. */
  instanceId: string;
  /** How long a claim waits for the item's lock, in ms. */
  waitMs: number;
  /** Creates the lock client; called when the runtime starts. */
  create(): DistributedLock;
}

/** Adds the lock backend to the runtime, and returns the guard that locks items with it. */
export function lockedItemGuard(wiring: GuardWiring, options: LockedGuardOptions): ItemGuard {
  const backend = wiring.runtime.add(new LockBackendComponent(options));
  const runner = new LockRunner(backend, wiring.logger, { waitMs: options.waitMs });
  return new LockedItemGuard(runner, wiring.pool);
}

/**
 * The item guard of the lock strategies: the item's lock, then the transaction; the work reads,
 * decides and writes fenced by the lease's token; the lease is checked still held just before
 * the commit; the lock is released after it. Redlock's leases carry no token, so its writes are
 * fenced by the version read plus one instead, as CAS writes are.
 */
export class LockedItemGuard implements ItemGuard {
  constructor(
    private readonly runner: LockRunner,
    private readonly pool: pg.Pool,
  ) {}

  update<T>(
    itemId: string,
    work: (tx: pg.PoolClient, item: Item, writeItem: ItemWrite) => Promise<T>,
  ): Promise<T> {
    return this.runner.run(itemResource(itemId), (held) =>
      withTransaction(this.pool, async (tx) => {
        const item = await findItem(tx, itemId);
        if (!item) throw itemNotFound(itemId);
        const fence = held.leases[0]?.fencingToken ?? item.fence + 1n;
        const result = await work(tx, item, async (claimed) => {
          if (!(await writeClaimed(tx, itemId, claimed, fence))) throw fenceRejected(itemId, fence);
        });
        // A lease that may have run out during the work must not commit (LOCK_LOST, 503).
        held.assertHeld();
        return result;
      }),
    );
  }
}
