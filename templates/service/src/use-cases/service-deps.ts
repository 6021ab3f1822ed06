import type pg from 'pg';
import type { ItemGuard } from './item-guard.js';

/** What the use cases need from the running service; built once, in service.ts. */
export interface ServiceDeps {
  /** The service's database. */
  readonly pool: pg.Pool;
  /** Keeps each item's read-check-write safe from concurrent writers (lock-strategy.ts). */
  readonly itemGuard: ItemGuard;
  /** Tells the outbox relay a commit just enqueued events, so it publishes without waiting. */
  readonly wakeRelay: () => void;
}
