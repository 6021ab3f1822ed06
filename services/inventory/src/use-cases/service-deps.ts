import type pg from 'pg';
import type { ReservationStats } from './reservation-stats.js';
import type { SkuLocks } from './sku-locks.js';
import type { SoldOutFlags } from './sold-out-flags.js';

/** What inventory's use cases need from the running service. */
export interface ServiceDeps {
  /** The service's database. */
  readonly pool: pg.Pool;
  /** SKU locks (ZooKeeper) and the fenced stock write. */
  readonly skuLocks: SkuLocks;
  /** Tells the outbox relay a commit just enqueued events, so it publishes without waiting. */
  readonly wakeRelay: () => void;
  /** How long a request waits for a SKU lock, in ms. */
  readonly requestLockWaitMs: number;
  /** How long the consumer and the sweeper wait for a SKU lock, in ms. */
  readonly backgroundLockWaitMs: number;
  /** How long a reservation holds its units, in ms. */
  readonly reservationTtlMs: number;
  /** This replica's memory of sold-out SKUs (the fast path); cleared by its own releases. */
  readonly soldOut: SoldOutFlags;
  /** What the order path did (lock acquisitions, batch sizes, fast-path answers). */
  readonly reservationStats: ReservationStats;
}
