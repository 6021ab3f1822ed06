import type pg from 'pg';

/**
 * Where a query runs: the pool (a read on its own) or a transaction's client (a write that
 * must commit with others). Queries take either, so the caller decides the transaction.
 */
export type Sql = pg.Pool | pg.PoolClient;

/**
 * Cents from a bigint column. pg returns int8 as a string to avoid losing precision; balances
 * are capped far below 2^53 (maxWalletBalanceCents), so the conversion is exact.
 */
export function centsOf(value: string | number): number {
  return typeof value === 'number' ? value : Number(value);
}

/**
 * Bounds how long the rest of this transaction waits for row locks (SET LOCAL: it ends with
 * the transaction). A row can stay locked past its Redlock only when the holder lost its
 * lease while paused; waiting at most one lease TTL turns that into a retry, not a hang.
 */
export async function setLockTimeout(sql: Sql, ms: number): Promise<void> {
  await sql.query("SELECT set_config('lock_timeout', $1, true)", [`${Math.ceil(ms)}ms`]);
}
