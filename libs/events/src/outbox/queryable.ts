/**
 * Anything that runs a parameterised SQL statement: a `pg.PoolClient` inside the caller's
 * transaction (the point of an outbox), or a `pg.Client`. Kept structural so services can
 * pass their own thin wrappers.
 */
export interface Queryable {
  /** Runs one statement; only `rowCount` is read. */
  query(text: string, values?: unknown[]): Promise<{ rowCount: number | null }>;
}
