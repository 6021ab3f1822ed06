import type { SeatCounts, Show } from '../domain/show.js';
import type { Sql } from './sql.js';

interface ShowRow {
  show_id: string;
  title: string;
  starts_at: Date;
  price_cents: string;
  rows: number;
  seats_per_row: number;
  created_at: Date;
}

const columns = 'show_id, title, starts_at, price_cents, rows, seats_per_row, created_at';

/** What POST /shows stores. */
export type NewShow = Omit<Show, 'createdAt'>;

/**
 * Inserts a show and all its seats (free, fence 0) in the caller's transaction. Returns
 * undefined, having written nothing, when the show id exists already.
 */
export async function insertShow(
  tx: Sql,
  show: NewShow,
  seatIds: readonly string[],
): Promise<Show | undefined> {
  const { rows } = await tx.query<ShowRow>(
    `INSERT INTO shows (show_id, title, starts_at, price_cents, rows, seats_per_row)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (show_id) DO NOTHING
     RETURNING ${columns}`,
    [show.showId, show.title, show.startsAt, show.priceCents, show.rows, show.seatsPerRow],
  );
  if (!rows[0]) return undefined;
  await tx.query('INSERT INTO seats (show_id, seat_id) SELECT $1, unnest($2::text[])', [
    show.showId,
    seatIds,
  ]);
  return toShow(rows[0]);
}

/** Reads a show. */
export async function findShow(sql: Sql, showId: string): Promise<Show | undefined> {
  const { rows } = await sql.query<ShowRow>(`SELECT ${columns} FROM shows WHERE show_id = $1`, [
    showId,
  ]);
  return rows[0] && toShow(rows[0]);
}

/** How many of a show's seats are free, held and booked. */
export async function countSeats(sql: Sql, showId: string): Promise<SeatCounts> {
  const { rows } = await sql.query<SeatCounts>(
    `SELECT count(*)::int AS total,
            (count(*) FILTER (WHERE status = 'free'))::int AS free,
            (count(*) FILTER (WHERE status = 'held'))::int AS held,
            (count(*) FILTER (WHERE status = 'booked'))::int AS booked
     FROM seats WHERE show_id = $1`,
    [showId],
  );
  return rows[0] ?? { total: 0, free: 0, held: 0, booked: 0 };
}

function toShow(row: ShowRow): Show {
  return {
    showId: row.show_id,
    title: row.title,
    startsAt: row.starts_at,
    // bigint arrives as a string; prices are bounded far below 2^53 by the API.
    priceCents: Number(row.price_cents),
    rows: row.rows,
    seatsPerRow: row.seats_per_row,
    createdAt: row.created_at,
  };
}
