import { type AuditReport, runSqlInvariants, type SqlInvariant } from '@lockstep/service-kit';
import type pg from 'pg';

/** Options for {@link auditBooking}. */
export interface AuditOptions {
  /** A booking still held (or refund-pending) this long past its deadline is stale, in ms. */
  staleHoldGraceMs: number;
  /** Load has stopped: every booking must be terminal, not only those past their deadline. */
  settled?: boolean;
}

// Every seat a booking lists, one row each.
const listedSeats = (status: string) => `
  SELECT b.booking_id, b.show_id, s.seat_id
  FROM bookings b, unnest(b.seats) AS s(seat_id)
  WHERE b.status = '${status}'`;

const grace = 'make_interval(secs => $1::double precision / 1000)';

const seatInvariants: SqlInvariant[] = [
  {
    name: 'no seat is booked for two bookings (each booked seat belongs to a confirmed booking listing it)',
    universe: "SELECT show_id, seat_id FROM seats WHERE status = 'booked'",
    violations: `SELECT s.show_id, s.seat_id, s.booking_id, b.status AS booking_status
                 FROM seats s LEFT JOIN bookings b USING (booking_id)
                 WHERE s.status = 'booked'
                   AND (b.status IS DISTINCT FROM 'confirmed' OR NOT s.seat_id = ANY(b.seats)
                        OR b.show_id <> s.show_id)`,
  },
  {
    name: 'no seat is listed by two confirmed bookings',
    universe: `SELECT DISTINCT show_id, seat_id FROM (${listedSeats('confirmed')}) l`,
    violations: `SELECT show_id, seat_id, array_agg(booking_id) AS bookings
                 FROM (${listedSeats('confirmed')}) l
                 GROUP BY show_id, seat_id HAVING count(*) > 1`,
  },
  {
    name: 'every confirmed booking owns all its seats (booked with its id)',
    universe: "SELECT booking_id FROM bookings WHERE status = 'confirmed'",
    violations: `SELECT l.booking_id, l.seat_id, s.status, s.booking_id AS owner
                 FROM (${listedSeats('confirmed')}) l
                 LEFT JOIN seats s ON s.show_id = l.show_id AND s.seat_id = l.seat_id
                 WHERE s.status IS DISTINCT FROM 'booked' OR s.booking_id IS DISTINCT FROM l.booking_id`,
  },
  {
    name: 'every held seat belongs to a held booking listing it',
    universe: "SELECT show_id, seat_id FROM seats WHERE status = 'held'",
    violations: `SELECT s.show_id, s.seat_id, s.booking_id, b.status AS booking_status
                 FROM seats s LEFT JOIN bookings b USING (booking_id)
                 WHERE s.status = 'held'
                   AND (b.status IS DISTINCT FROM 'held' OR NOT s.seat_id = ANY(b.seats)
                        OR b.show_id <> s.show_id)`,
  },
  {
    name: 'every held booking holds all its seats',
    universe: "SELECT booking_id FROM bookings WHERE status = 'held'",
    violations: `SELECT l.booking_id, l.seat_id, s.status, s.booking_id AS owner
                 FROM (${listedSeats('held')}) l
                 LEFT JOIN seats s ON s.show_id = l.show_id AND s.seat_id = l.seat_id
                 WHERE s.status IS DISTINCT FROM 'held' OR s.booking_id IS DISTINCT FROM l.booking_id`,
  },
  {
    name: 'no stale holds (no booking still held past its expiry plus the grace)',
    universe: "SELECT booking_id FROM bookings WHERE status = 'held'",
    violations: `SELECT booking_id, show_id, expires_at FROM bookings
                 WHERE status = 'held' AND expires_at < now() - ${grace}`,
  },
];

/**
 * Terminal means confirmed, cancelled or expired. While load runs, holds and refunds in
 * progress are fine until their deadline (expiry, or the grace after the refund was asked
 * for); once load has stopped (`settled`), none may be left.
 */
function terminalInvariant(settled: boolean): SqlInvariant {
  return {
    name: settled
      ? 'every booking is terminal (load stopped: none held or refund-pending)'
      : 'every booking reaches a terminal state within its deadline plus the grace',
    universe: 'SELECT booking_id FROM bookings',
    violations: settled
      ? `SELECT booking_id, status, expires_at, updated_at FROM bookings
         WHERE status IN ('held', 'refund-pending')`
      : `SELECT booking_id, status, expires_at, updated_at FROM bookings
         WHERE (status = 'held' AND expires_at < now() - ${grace})
            OR (status = 'refund-pending' AND updated_at < now() - ${grace})`,
  };
}

/**
 * Checks booking's invariants (docs/architecture.md, "Invariants": no seat confirmed for two
 * bookings, every booking terminal) in one repeatable-read snapshot, so a check never
 * compares seats with bookings from a later moment.
 */
export async function auditBooking(
  pool: pg.Pool,
  options: AuditOptions,
): Promise<AuditReport<'booking'>> {
  return runSqlInvariants(
    pool,
    'booking',
    [...seatInvariants, terminalInvariant(options.settled ?? false)],
    options.staleHoldGraceMs,
  );
}
