import type pg from 'pg';

/**
 * What a query function needs: the pool (one statement) or a client inside a transaction.
 * Both pg types satisfy it; queries never open transactions themselves.
 */
export interface Sql {
  /** Runs one statement. */
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}
