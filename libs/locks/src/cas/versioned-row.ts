import pg from 'pg';
import { LockInvalidArgumentError } from '../errors/index.js';
import { type CasOutcome, casUpdate } from './cas-update.js';

/** Anything that runs a parameterised query: a pg Pool or a checked-out client. */
export interface Queryable {
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

/** Which row of which table, and the column that versions it. */
export interface VersionedRowTarget {
  table: string;
  /** Primary-key column and value. */
  key: { column: string; value: unknown };
  /** Integer version column, bumped by one on every write (default `version`). */
  versionColumn?: string;
}

/** Options for {@link casUpdateRow}; see casUpdate for the retry settings. */
export interface CasUpdateRowOptions<Row> extends VersionedRowTarget {
  /**
   * Computes the columns to change from the current row. Return `undefined` to change nothing
   * (the update then resolves with the row as read); throw to refuse for a business reason.
   */
  mutate: (row: Row) => Partial<Row> | undefined;
  /** Total attempts before CasConflictError (default 8). */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  signal?: AbortSignal;
}

/** Thrown when the keyed row does not exist; distinct from a conflict. */
export class RowNotFoundError extends Error {
  readonly code = 'ROW_NOT_FOUND';
  constructor(table: string, key: unknown) {
    super(`${table}: no row with key ${String(key)}`);
    this.name = 'RowNotFoundError';
  }
}

/**
 * Compare-and-swap on one versioned Postgres row: `UPDATE ... SET ..., version = version + 1
 * WHERE key = $k AND version = $v`. A concurrent writer bumps the version, our UPDATE matches
 * no row, and we re-read and retry with backoff. Because the version pins the whole row, a
 * rule checked in `mutate` (e.g. `active < capacity`) still holds when the UPDATE applies.
 * Returns the row as written.
 */
export function casUpdateRow<Row extends pg.QueryResultRow>(
  db: Queryable,
  options: CasUpdateRowOptions<Row>,
): Promise<CasOutcome<Row>> {
  const versionColumn = options.versionColumn ?? 'version';
  const table = pg.escapeIdentifier(options.table);
  const keyColumn = pg.escapeIdentifier(options.key.column);
  const version = pg.escapeIdentifier(versionColumn);
  return casUpdate<Row, Row>({
    resource: `${options.table}:${String(options.key.value)}`,
    ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
    ...(options.baseDelayMs === undefined ? {} : { baseDelayMs: options.baseDelayMs }),
    ...(options.maxDelayMs === undefined ? {} : { maxDelayMs: options.maxDelayMs }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    read: async () => {
      const { rows } = await db.query<Row>(`SELECT * FROM ${table} WHERE ${keyColumn} = $1`, [
        options.key.value,
      ]);
      const row = rows[0];
      if (row === undefined) throw new RowNotFoundError(options.table, options.key.value);
      return { value: row, version: BigInt(row[versionColumn] as string | number) };
    },
    write: async (current) => {
      const changes = options.mutate(current.value);
      if (changes === undefined) return { applied: true, result: current.value };
      const columns = Object.keys(changes).filter((c) => c !== versionColumn);
      if (columns.length === 0)
        throw new LockInvalidArgumentError('mutate returned no columns to change');
      const assignments = columns.map((c, i) => `${pg.escapeIdentifier(c)} = $${i + 3}`);
      const { rows } = await db.query<Row>(
        `UPDATE ${table} SET ${assignments.join(', ')}, ${version} = ${version} + 1
          WHERE ${keyColumn} = $1 AND ${version} = $2 RETURNING *`,
        [
          options.key.value,
          current.version.toString(),
          ...columns.map((c) => changes[c as keyof Row]),
        ],
      );
      const row = rows[0];
      return row === undefined ? { applied: false } : { applied: true, result: row };
    },
  });
}
