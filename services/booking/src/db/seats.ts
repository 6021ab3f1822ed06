import type { Seat, SeatStatus } from '../domain/show.js';
import type { Sql } from './sql.js';

interface SeatRow {
  seat_id: string;
  status: SeatStatus;
  booking_id: string | null;
  fence: string;
}

const columns = 'seat_id, status, booking_id, fence';

// Hall order (A2 before A10): the row letters, then the seat number.
const hallOrder = "substring(seat_id from '^[A-Z]+'), substring(seat_id from '[0-9]+$')::int";

/** Reads some seats of a show without locking them (a snapshot: may be stale once used). */
export async function findSeats(
  sql: Sql,
  showId: string,
  seatIds: readonly string[],
): Promise<Seat[]> {
  const { rows } = await sql.query<SeatRow>(
    `SELECT ${columns} FROM seats WHERE show_id = $1 AND seat_id = ANY($2::text[])
     ORDER BY ${hallOrder}`,
    [showId, seatIds],
  );
  return rows.map(toSeat);
}

/**
 * Reads some seats and row-locks them until the transaction ends, in one fixed order. Under
 * the seat locks this cannot wait long; it matters in the gap after a consumer has released
 * the seat locks but not yet committed (its transaction commits after its handler returns):
 * the next holder waits here for that commit instead of reading seats about to change.
 */
export async function lockSeats(
  tx: Sql,
  showId: string,
  seatIds: readonly string[],
): Promise<Seat[]> {
  const { rows } = await tx.query<SeatRow>(
    `SELECT ${columns} FROM seats WHERE show_id = $1 AND seat_id = ANY($2::text[])
     ORDER BY seat_id FOR UPDATE`,
    [showId, seatIds],
  );
  return rows.map(toSeat);
}

/** Every seat of a show in hall order, for the seat map. */
export async function listSeats(sql: Sql, showId: string): Promise<Seat[]> {
  const { rows } = await sql.query<SeatRow>(
    `SELECT ${columns} FROM seats WHERE show_id = $1 ORDER BY ${hallOrder}`,
    [showId],
  );
  return rows.map(toSeat);
}

/** What a seat becomes: free (no booking), or held / booked by one booking. */
export type SeatState =
  | { readonly status: 'free'; readonly bookingId: null }
  | { readonly status: 'held' | 'booked'; readonly bookingId: string };

/**
 * The fenced seat write: sets the seat's status and booking and records `fencingToken` (the
 * create revision of THIS seat's etcd lock key), only if no holder with a newer token has
 * written it (`fence <= $token`; equal lets one lease write twice). Returns false, having
 * written nothing, when a newer holder got there first.
 */
export async function writeSeat(
  tx: Sql,
  showId: string,
  seatId: string,
  state: SeatState,
  fencingToken: bigint,
): Promise<boolean> {
  const result = await tx.query(
    `UPDATE seats SET status = $3, booking_id = $4, fence = $5, updated_at = now()
     WHERE show_id = $1 AND seat_id = $2 AND fence <= $5`,
    [showId, seatId, state.status, state.bookingId, fencingToken.toString()],
  );
  return result.rowCount === 1;
}

function toSeat(row: SeatRow): Seat {
  return {
    seatId: row.seat_id,
    status: row.status,
    bookingId: row.booking_id,
    fence: BigInt(row.fence),
  };
}
