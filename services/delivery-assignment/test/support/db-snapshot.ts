import type pg from 'pg';

/**
 * Everything the service writes, as plain data: comparing a snapshot before and after a
 * rejected request proves the request changed nothing.
 */
export async function snapshot(pool: pg.Pool): Promise<Record<string, unknown>> {
  const query = async (sql: string) => (await pool.query(sql)).rows;
  return {
    partners: await query('SELECT * FROM partners ORDER BY id'),
    assignments: await query('SELECT * FROM assignments ORDER BY order_id'),
    pending: await query('SELECT * FROM pending_orders ORDER BY order_id'),
    outbox: await query('SELECT id, type, key FROM outbox ORDER BY seq'),
  };
}
