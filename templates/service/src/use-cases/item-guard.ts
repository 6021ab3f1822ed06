import type { Logger, ServiceRuntime } from '@lockstep/service-kit';
import type pg from 'pg';
import type { Item } from '../domain/item.js';

/** Writes the item's claimed count, fenced; throws (and nothing commits) when refused. */
export type ItemWrite = (claimed: number) => Promise<void>;

/**
 * Keeps one item's read-check-write safe from concurrent writers, whatever the lock strategy
 * (src/lock-strategy.ts picks one): `work` gets the item as read, inside one transaction, and
 * changes it only through `writeItem`. That UPDATE carries a fencing token (the lease's, or the
 * version read plus one) which the database refuses unless it is newer than the last writer's.
 */
export interface ItemGuard {
  /** Runs `work` on the item and commits; ITEM_NOT_FOUND when there is no such item. */
  update<T>(
    itemId: string,
    work: (tx: pg.PoolClient, item: Item, writeItem: ItemWrite) => Promise<T>,
  ): Promise<T>;
}

/** What a strategy's createItemGuard builds on; a lock backend joins `runtime` as a component. */
export interface GuardWiring {
  readonly runtime: ServiceRuntime;
  readonly logger: Logger;
  readonly pool: pg.Pool;
}

/** The lock resource of an item, also the name its CAS loop reports under. */
export function itemResource(itemId: string): string {
  return `item:${itemId}`;
}
