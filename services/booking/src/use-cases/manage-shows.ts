import { randomUUID } from 'node:crypto';
import { withTransaction } from '@lockstep/service-kit';
import { listSeats } from '../db/seats.js';
import { countSeats, findShow, insertShow } from '../db/shows.js';
import { showExists, showNotFound } from '../domain/booking-errors.js';
import { seatLabels } from '../domain/seat-map.js';
import type { Seat, SeatCounts, Show } from '../domain/show.js';
import type { ServiceDeps } from './service-deps.js';

/** What POST /shows asks for. */
export interface NewShowRequest {
  /** Chosen by the caller (seed data, tests) or generated. */
  readonly showId?: string | undefined;
  readonly title: string;
  readonly startsAt: Date;
  readonly priceCents: number;
  readonly rows: number;
  readonly seatsPerRow: number;
}

/**
 * Creates a show with all its seats free; SHOW_EXISTS if the id is taken. No seat lock:
 * nobody can hold the lock of a seat that does not exist yet for a reason, and the primary
 * key decides a race between two creators.
 */
export async function createShow(deps: ServiceDeps, request: NewShowRequest): Promise<Show> {
  const showId = request.showId ?? randomUUID();
  const created = await withTransaction(deps.pool, (tx) =>
    insertShow(tx, { ...request, showId }, seatLabels(request.rows, request.seatsPerRow)),
  );
  if (!created) throw showExists(showId);
  return created;
}

/** A show with how many seats are free, held and booked; SHOW_NOT_FOUND if there is none. */
export async function getShow(
  deps: ServiceDeps,
  showId: string,
): Promise<{ show: Show; seats: SeatCounts }> {
  const show = await findShow(deps.pool, showId);
  if (!show) throw showNotFound(showId);
  return { show, seats: await countSeats(deps.pool, showId) };
}

/** Every seat of a show in hall order; SHOW_NOT_FOUND if there is none. */
export async function getSeatMap(deps: ServiceDeps, showId: string): Promise<Seat[]> {
  const show = await findShow(deps.pool, showId);
  if (!show) throw showNotFound(showId);
  return listSeats(deps.pool, showId);
}
