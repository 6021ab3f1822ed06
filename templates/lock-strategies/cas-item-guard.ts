import { type CasWrite, casUpdate } from '@lockstep/locks';
import { envInteger, withTransaction } from '@lockstep/service-kit';
import type pg from 'pg';
import { findItem, writeClaimed } from '../db/items.js';
import type { Item } from '../domain/item.js';
import { itemNotFound } from '../domain/item-errors.js';
import type { ItemGuard, ItemWrite } from './item-guard.js';
import { itemResource } from './item-guard.js';

/** The CAS strategy's setting; spread into its lockSettings. */
export const casAttempts = {
  CAS_MAX_ATTEMPTS: envInteger({ min: 1, max: 100 })
    .default(8)
    .describe('Attempts of one claim before it answers 429 ITEM_BUSY (each lost race retries).'),
};

/** Thrown by an attempt's fenced write that lost: rolls that attempt back, casUpdate retries. */
class LostRace extends Error {}

/**
 * The item guard of optimistic CAS: no lock server. Read the item and its version, then one
 * transaction whose write is fenced by the version read plus one (`fence < $v + 1`, so only
 * while the row still has version v). Losing a race rolls the attempt back and casUpdate reads
 * again after a jittered backoff; after CAS_MAX_ATTEMPTS it gives up with CAS_CONFLICT (429).
 * This relies on READ COMMITTED: the UPDATE re-checks the fence against the committed row.
 */
export class CasItemGuard implements ItemGuard {
  constructor(
    private readonly pool: pg.Pool,
    private readonly maxAttempts: number,
  ) {}

  async update<T>(
    itemId: string,
    work: (tx: pg.PoolClient, item: Item, writeItem: ItemWrite) => Promise<T>,
  ): Promise<T> {
    const { result } = await casUpdate({
      resource: itemResource(itemId),
      maxAttempts: this.maxAttempts,
      read: async () => {
        const item = await findItem(this.pool, itemId);
        if (!item) throw itemNotFound(itemId);
        return { value: item, version: item.fence };
      },
      write: ({ value: item }) => this.attempt(item, work),
    });
    return result;
  }

  private async attempt<T>(
    item: Item,
    work: (tx: pg.PoolClient, item: Item, writeItem: ItemWrite) => Promise<T>,
  ): Promise<CasWrite<T>> {
    try {
      const result = await withTransaction(this.pool, (tx) =>
        work(tx, item, async (claimed) => {
          if (!(await writeClaimed(tx, item.itemId, claimed, item.fence + 1n))) {
            throw new LostRace();
          }
        }),
      );
      return { applied: true, result };
    } catch (error) {
      if (error instanceof LostRace) return { applied: false };
      throw error;
    }
  }
}
