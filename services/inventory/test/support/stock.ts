import type pg from 'pg';
import type { StockLevels } from '../../src/index.ts';

/** A SKU's counters straight from the database. */
export async function stockOf(pool: pg.Pool, sku: string): Promise<StockLevels> {
  const { rows } = await pool.query<StockLevels>(
    'SELECT stocked, available, reserved, sold FROM skus WHERE sku = $1',
    [sku],
  );
  if (!rows[0]) throw new Error(`no SKU ${sku}`);
  return rows[0];
}
