import type { RowGuard } from '@lockstep/service-kit';
import type pg from 'pg';
import type { Item } from '../domain/item.js';

/** What the use cases need from the running service; built once, in service.ts. */
export interface ServiceDeps {
  /** The service's database. */
  readonly pool: pg.Pool;
  /**
   * Keeps each item's read-check-write safe from concurrent writers: `update` runs its work in
   * one transaction on the item as read, with the fence its write must carry (see writeClaimed).
   */
  readonly itemGuard: RowGuard<Item>;
  /** Tells the outbox relay a commit just enqueued events, so it publishes without waiting. */
  readonly wakeRelay: () => void;
}
