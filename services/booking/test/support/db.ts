import type pg from 'pg';

/** How many rows each table holds, to prove a refused request wrote nothing. */
export async function rowCounts(pool: pg.Pool): Promise<Record<string, number>> {
  const { rows } = await pool.query<Record<string, number>>(
    `SELECT (SELECT count(*) FROM shows)::int AS shows,
            (SELECT count(*) FROM seats)::int AS seats,
            (SELECT count(*) FROM bookings)::int AS bookings,
            (SELECT count(*) FROM outbox)::int AS outbox`,
  );
  return rows[0] ?? {};
}

/** Every seat of a show with its status, owner and fence, in seat order. */
export async function seatRows(
  pool: pg.Pool,
  showId: string,
): Promise<Array<{ seatId: string; status: string; bookingId: string | null; fence: string }>> {
  const { rows } = await pool.query<{
    seatId: string;
    status: string;
    bookingId: string | null;
    fence: string;
  }>(
    `SELECT seat_id AS "seatId", status, booking_id AS "bookingId", fence::text AS fence
     FROM seats WHERE show_id = $1 ORDER BY seat_id`,
    [showId],
  );
  return rows;
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

/** Bookings counted by status. */
export async function bookingsByStatus(pool: pg.Pool): Promise<Record<string, number>> {
  const { rows } = await pool.query<{ status: string; n: number }>(
    'SELECT status, count(*)::int AS n FROM bookings GROUP BY status',
  );
  return Object.fromEntries(rows.map((row) => [row.status, row.n]));
}
