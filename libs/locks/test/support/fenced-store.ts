import type pg from 'pg';

/** Creates the counter table the multi-process tests write to. */
export async function createFencedTable(pool: pg.Pool, table: string): Promise<void> {
  await pool.query(
    `CREATE TABLE IF NOT EXISTS ${table} (name text PRIMARY KEY, value int NOT NULL, fence numeric)`,
  );
  await pool.query(
    `CREATE TABLE IF NOT EXISTS ${table}_log (id bigserial PRIMARY KEY, name text, value int, fence numeric)`,
  );
}

/**
 * The storage side of fencing: a write carries the writer's token and applies only if no
 * write with a newer token happened (`fence <= token`). With no token (Redlock) the write is
 * unconditional and mutual exclusion alone must keep the data right. Each applied write is
 * logged so tests can check that fences never go backwards.
 */
export async function fencedWrite(
  pool: pg.Pool,
  table: string,
  name: string,
  value: number,
  token: bigint | null,
): Promise<boolean> {
  const fence = token === null ? null : token.toString();
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rowCount } = await client.query(
      `INSERT INTO ${table} AS t (name, value, fence) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value, fence = EXCLUDED.fence
       WHERE $3::numeric IS NULL OR t.fence IS NULL OR t.fence <= $3::numeric`,
      [name, value, fence],
    );
    if (rowCount === 1) {
      await client.query(`INSERT INTO ${table}_log (name, value, fence) VALUES ($1, $2, $3)`, [
        name,
        value,
        fence,
      ]);
    }
    await client.query('COMMIT');
    return rowCount === 1;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}
