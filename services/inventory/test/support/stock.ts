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

/** How many rows each table holds, to prove a refused request wrote nothing. */
export async function rowCounts(pool: pg.Pool): Promise<Record<string, number>> {
  const { rows } = await pool.query<{ skus: number; orders: number; outbox: number }>(
    `SELECT (SELECT count(*) FROM skus)::int AS skus,
            (SELECT count(*) FROM orders)::int AS orders,
            (SELECT count(*) FROM outbox)::int AS outbox`,
  );
  return rows[0] ?? {};
}

/** Outbox rows of one event type; only published (or unpublished) ones when asked. */
export async function outboxCount(
  pool: pg.Pool,
  type: string,
  options: { published?: boolean } = {},
): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM outbox
     WHERE type = $1 AND ($2::boolean IS NULL OR (published_at IS NOT NULL) = $2)`,
    [type, options.published ?? null],
  );
  return rows[0]?.n ?? 0;
}
