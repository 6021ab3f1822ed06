import type { StockLevels } from '../domain/stock.js';
import type { Sql } from './sql.js';

/** A SKU with its stock, as stored. */
export interface Sku extends StockLevels {
  readonly sku: string;
  readonly name: string;
  readonly priceCents: number;
  /** Fencing token of the last lock holder that wrote the stock (0 before any). */
  readonly fence: bigint;
}

interface SkuRow {
  sku: string;
  name: string;
  price_cents: string;
  stocked: number;
  available: number;
  reserved: number;
  sold: number;
  fence: string;
}

const columns = 'sku, name, price_cents, stocked, available, reserved, sold, fence';

/** Inserts a new SKU; false when the SKU exists already (nothing is changed then). */
export async function insertSku(
  sql: Sql,
  sku: Pick<Sku, 'sku' | 'name' | 'priceCents'> & StockLevels,
): Promise<boolean> {
  const result = await sql.query(
    `INSERT INTO skus (sku, name, price_cents, stocked, available, reserved, sold)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (sku) DO NOTHING`,
    [sku.sku, sku.name, sku.priceCents, sku.stocked, sku.available, sku.reserved, sku.sold],
  );
  return result.rowCount === 1;
}

/** Reads a SKU without locking it (a snapshot: may be stale by the time it is used). */
export async function findSku(sql: Sql, sku: string): Promise<Sku | undefined> {
  const { rows } = await sql.query<SkuRow>(`SELECT ${columns} FROM skus WHERE sku = $1`, [sku]);
  return rows[0] && toSku(rows[0]);
}

/**
 * Reads a SKU and row-locks it until the transaction ends. Under the SKU lock this cannot
 * wait long; it matters in the gap after a consumer has released the SKU lock but not yet
 * committed (the consumer's transaction commits after its handler returns): the next holder
 * waits here for that commit instead of reading units about to change.
 */
export async function lockSku(tx: Sql, sku: string): Promise<Sku | undefined> {
  const { rows } = await tx.query<SkuRow>(`SELECT ${columns} FROM skus WHERE sku = $1 FOR UPDATE`, [
    sku,
  ]);
  return rows[0] && toSku(rows[0]);
}

/**
 * The fenced stock write: sets the counters and records `fencingToken`, only if no holder
 * with a newer token has written (`fence <= $token`; equal lets one lease write twice).
 * Returns false, having written nothing, when a newer holder got there first.
 */
export async function writeStock(
  tx: Sql,
  sku: string,
  stock: StockLevels,
  fencingToken: bigint,
): Promise<boolean> {
  const result = await tx.query(
    `UPDATE skus
     SET stocked = $2, available = $3, reserved = $4, sold = $5, fence = $6, updated_at = now()
     WHERE sku = $1 AND fence <= $6`,
    [sku, stock.stocked, stock.available, stock.reserved, stock.sold, fencingToken.toString()],
  );
  return result.rowCount === 1;
}

function toSku(row: SkuRow): Sku {
  return {
    sku: row.sku,
    name: row.name,
    // bigint columns arrive as strings; prices are bounded far below 2^53 by the API.
    priceCents: Number(row.price_cents),
    stocked: row.stocked,
    available: row.available,
    reserved: row.reserved,
    sold: row.sold,
    fence: BigInt(row.fence),
  };
}
