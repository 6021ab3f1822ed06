import type pg from 'pg';

/**
 * How many rows each table of the public schema holds, by name, leaving out the tables in
 * `except`: counts equal before and after a refused request prove it wrote nothing anywhere.
 */
export async function rowCounts(
  pool: pg.Pool,
  except: readonly string[] = [],
): Promise<Record<string, number>> {
  const { rows: tables } = await pool.query<{ name: string; quoted: string }>(
    `SELECT tablename AS name, quote_ident(tablename) AS quoted FROM pg_tables
     WHERE schemaname = 'public' AND NOT (tablename = ANY($1)) ORDER BY tablename`,
    [except],
  );
  const counts: Record<string, number> = {};
  for (const { name, quoted } of tables) {
    const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${quoted}`);
    counts[name] = rows[0]?.n ?? -1;
  }
  return counts;
}
