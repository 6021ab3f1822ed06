import type pg from 'pg';

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

/** Bookings counted by status. */
export async function bookingsByStatus(pool: pg.Pool): Promise<Record<string, number>> {
  const { rows } = await pool.query<{ status: string; n: number }>(
    'SELECT status, count(*)::int AS n FROM bookings GROUP BY status',
  );
  return Object.fromEntries(rows.map((row) => [row.status, row.n]));
}
