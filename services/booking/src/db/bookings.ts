import type { Booking, BookingStatus } from '../domain/booking.js';
import { sortSeats } from '../domain/seat-map.js';
import type { Sql } from './sql.js';

/** What POST /bookings stores; status, timestamps and expiry are set by the database. */
export interface NewBooking {
  readonly bookingId: string;
  readonly showId: string;
  readonly seats: readonly string[];
  readonly customerId: string;
  readonly walletId: string;
  readonly amountCents: number;
}

interface BookingRow {
  booking_id: string;
  show_id: string;
  seats: string[];
  customer_id: string;
  wallet_id: string;
  amount_cents: string;
  status: BookingStatus;
  reason: string | null;
  expires_at: Date;
  created_at: Date;
  updated_at: Date;
}

const columns =
  'booking_id, show_id, seats, customer_id, wallet_id, amount_cents, status, reason, expires_at, created_at, updated_at';

/**
 * Inserts a held booking whose hold ends `holdMs` from now on the database clock: every
 * replica and the sweeper compare against the same clock, so skew between hosts cannot
 * expire a hold early or keep it late.
 */
export async function insertHeldBooking(
  tx: Sql,
  booking: NewBooking,
  holdMs: number,
): Promise<Booking> {
  const { rows } = await tx.query<BookingRow>(
    `INSERT INTO bookings
       (booking_id, show_id, seats, customer_id, wallet_id, amount_cents, status, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'held', now() + make_interval(secs => $7::double precision / 1000))
     RETURNING ${columns}`,
    [
      booking.bookingId,
      booking.showId,
      sortSeats(booking.seats),
      booking.customerId,
      booking.walletId,
      booking.amountCents,
      holdMs,
    ],
  );
  return toBooking(rows[0] as BookingRow);
}

/** Reads a booking without locking it. Pass only UUIDs (see isBookingId). */
export async function findBooking(sql: Sql, bookingId: string): Promise<Booking | undefined> {
  const { rows } = await sql.query<BookingRow>(
    `SELECT ${columns} FROM bookings WHERE booking_id = $1`,
    [bookingId],
  );
  return rows[0] && toBooking(rows[0]);
}

/**
 * Reads a booking and row-locks it until the transaction ends. Take the seat locks first: a
 * booking row held while waiting for a seat lock could deadlock against that lock's holder.
 */
export async function lockBooking(tx: Sql, bookingId: string): Promise<Booking | undefined> {
  const { rows } = await tx.query<BookingRow>(
    `SELECT ${columns} FROM bookings WHERE booking_id = $1 FOR UPDATE`,
    [bookingId],
  );
  return rows[0] && toBooking(rows[0]);
}

/** Moves a booking to a new status (with its reason, null to clear it). */
export async function setBookingStatus(
  tx: Sql,
  bookingId: string,
  status: BookingStatus,
  reason: string | null,
): Promise<void> {
  await tx.query(
    'UPDATE bookings SET status = $2, reason = $3, updated_at = now() WHERE booking_id = $1',
    [bookingId, status, reason],
  );
}

/** Up to `limit` held bookings past their expiry, oldest first, for the sweeper. */
export async function expiredHolds(sql: Sql, limit: number): Promise<Booking[]> {
  const { rows } = await sql.query<BookingRow>(
    `SELECT ${columns} FROM bookings
     WHERE status = 'held' AND expires_at < now()
     ORDER BY expires_at LIMIT $1`,
    [limit],
  );
  return rows.map(toBooking);
}

/**
 * How many seconds the oldest booking still held is past its expiry, on the database clock;
 * 0 when none is. One probe of the live-holds index, cheap enough for every scrape.
 */
export async function oldestOverdueHoldSeconds(sql: Sql): Promise<number> {
  const { rows } = await sql.query<{ seconds: number }>(
    `SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(expires_at)), 0)::float8 AS seconds
       FROM bookings WHERE status = 'held' AND expires_at < now()`,
  );
  return rows[0]?.seconds ?? 0;
}

/**
 * Row-locks a booking only if it is still held and past its expiry (database clock): the
 * sweeper's re-check under the seat locks, so a hold paid or failed meanwhile is left alone.
 */
export async function lockExpiredHold(tx: Sql, bookingId: string): Promise<Booking | undefined> {
  const { rows } = await tx.query<BookingRow>(
    `SELECT ${columns} FROM bookings
     WHERE booking_id = $1 AND status = 'held' AND expires_at < now()
     FOR UPDATE`,
    [bookingId],
  );
  return rows[0] && toBooking(rows[0]);
}

function toBooking(row: BookingRow): Booking {
  return {
    bookingId: row.booking_id,
    showId: row.show_id,
    seats: row.seats,
    customerId: row.customer_id,
    walletId: row.wallet_id,
    // bigint arrives as a string; amounts are bounded far below 2^53 by the API.
    amountCents: Number(row.amount_cents),
    status: row.status,
    reason: row.reason,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
