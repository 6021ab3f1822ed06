import type pg from 'pg';
import type { Sql } from '../db/sql.js';
import { DomainError } from '../errors/domain-error.js';

/** A row that records the fence of its last writer. */
export interface FencedRow {
  /** The last writer's fencing token (or the row's version): a write must carry a newer one. */
  readonly fence: bigint;
}

/** What a {@link RowGuard} needs to know of its rows. */
export interface GuardedRows<Row extends FencedRow> {
  /** The row's lock resource (also the name a CAS loop reports under), e.g. `item:<id>`. */
  resource(id: string): string;
  /** Reads the row without a row lock; undefined when there is none. */
  find(sql: Sql, id: string): Promise<Row | undefined>;
  /** The service's error for a row that does not exist (its update is refused with it). */
  notFound(id: string): Error;
}

/** Reads row `id` for an update; throws `rows.notFound(id)` when there is none. */
export async function readGuardedRow<Row extends FencedRow>(
  rows: GuardedRows<Row>,
  sql: Sql,
  id: string,
): Promise<Row> {
  const row = await rows.find(sql, id);
  if (!row) throw rows.notFound(id);
  return row;
}

/** The work of one guarded update: the row as read, in `tx`, and the fence its write carries. */
export type GuardedWork<Row, T> = (tx: pg.PoolClient, row: Row, fence: bigint) => Promise<T>;

/**
 * Keeps one row's read-check-write safe from concurrent writers, whatever the strategy: `work`
 * runs in one transaction on the row as read, and writes it only with `fence` in its UPDATE
 * (`... WHERE fence < $fence`), which the database refuses unless it is newer than the last
 * writer's. When that UPDATE matches no row, `work` throws {@link fenceRejected}: under a lock
 * it answers the request (a stale holder wrote nothing); under CAS it is a lost race, retried.
 */
export interface RowGuard<Row extends FencedRow> {
  /** Runs `work` on the row `id` and commits. */
  update<T>(id: string, work: GuardedWork<Row, T>): Promise<T>;
}

/** The code of {@link fenceRejected}. */
export const fenceRejectedCode = 'FENCE_REJECTED';

/** FENCE_REJECTED: a fenced write matched no row, so nothing of the request was written. */
export function fenceRejected(resource: string, fence: bigint): DomainError {
  return new DomainError(
    fenceRejectedCode,
    `write to ${resource} refused: fencing token ${fence} is not newer than the last writer's`,
    { retryAfterSeconds: 1 },
  );
}
