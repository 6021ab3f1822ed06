import type { Sql } from '@lockstep/service-kit';
import type { Item } from '../domain/item.js';

interface ItemRow {
  item_id: string;
  capacity: number;
  claimed: number;
  settled: number;
  fence: string;
}

/** Inserts a new item; false when one with this id exists (nothing changes then). */
export async function insertItem(sql: Sql, itemId: string, capacity: number): Promise<boolean> {
  const result = await sql.query(
    'INSERT INTO items (item_id, capacity) VALUES ($1, $2) ON CONFLICT (item_id) DO NOTHING',
    [itemId, capacity],
  );
  return result.rowCount === 1;
}

/** Reads an item without a row lock: a read gone stale is caught by the fenced write. */
export async function findItem(sql: Sql, itemId: string): Promise<Item | undefined> {
  const { rows } = await sql.query<ItemRow>(
    'SELECT item_id, capacity, claimed, settled, fence FROM items WHERE item_id = $1',
    [itemId],
  );
  const row = rows[0];
  return (
    row && {
      itemId: row.item_id,
      capacity: row.capacity,
      claimed: row.claimed,
      settled: row.settled,
      fence: BigInt(row.fence),
    }
  );
}

/**
 * The fenced write of an item's claimed count: applies only if `fence` is newer than the last
 * writer's (`fence < $3`) and records it. False, having written nothing, when a writer with a
 * newer or the same token got there first.
 */
export async function writeClaimed(
  tx: Sql,
  itemId: string,
  claimed: number,
  fence: bigint,
): Promise<boolean> {
  const result = await tx.query(
    `UPDATE items SET claimed = $2, fence = $3, updated_at = now()
     WHERE item_id = $1 AND fence < $3`,
    [itemId, claimed, fence.toString()],
  );
  return result.rowCount === 1;
}

/** Adds settled units to an item. No fence: an increment cannot lose a concurrent update. */
export async function addSettled(tx: Sql, itemId: string, quantity: number): Promise<void> {
  await tx.query('UPDATE items SET settled = settled + $2, updated_at = now() WHERE item_id = $1', [
    itemId,
    quantity,
  ]);
}
