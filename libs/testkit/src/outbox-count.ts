import type pg from 'pg';

/** Outbox rows of one event type; only published (or only unpublished) ones when asked. */
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
