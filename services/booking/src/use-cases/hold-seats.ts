import { randomUUID } from 'node:crypto';
import { paymentRequested, settlementCurrency } from '@lockstep/contracts';
import { enqueue } from '@lockstep/events';
import { withTransaction } from '@lockstep/service-kit';
import { insertHeldBooking } from '../db/bookings.js';
import { findSeats, lockSeats } from '../db/seats.js';
import { findShow } from '../db/shows.js';
import { type Booking, bookingAmountCents } from '../domain/booking.js';
import { seatNotFound, seatsTaken, showNotFound } from '../domain/booking-errors.js';
import { takenSeats, unknownSeats } from '../domain/seat-hold.js';
import { sortSeats } from '../domain/seat-map.js';
import type { ServiceDeps } from './service-deps.js';

/** What POST /bookings asks for. */
export interface BookingRequest {
  readonly showId: string;
  /** 1..10 distinct seat labels of the show. */
  readonly seats: readonly string[];
  readonly customerId: string;
  readonly walletId: string;
}

/**
 * Holds every requested seat for a new booking and asks payment to charge it. Steps:
 * 1. Read the show and the seats without locks: unknown show or seat → 404; a seat already
 *    taken → 409 SEATS_TAKEN at once. In a rush most losers are answered here, without a
 *    permit or a lock (the snapshot can only be stale towards "free", and step 4 re-checks).
 * 2. Take an admission permit (etcd semaphore): none free → 429 ADMISSION_FULL.
 * 3. Take all the seat locks with acquireAll (canonical order, all or nothing, one deadline):
 *    still locked at the deadline → 429 SEATS_BUSY.
 * 4. In ONE transaction: row-lock the seats, all must be free (else 409 SEATS_TAKEN naming
 *    them), insert the booking, write each seat fenced by its own lease's token (a refused
 *    write aborts everything: 503 FENCE_REJECTED), enqueue payment.requested, and check no
 *    lease signal fired before COMMIT.
 * Every refusal writes nothing.
 */
export async function holdSeats(deps: ServiceDeps, request: BookingRequest): Promise<Booking> {
  const seats = sortSeats(request.seats);
  const show = await findShow(deps.pool, request.showId);
  if (!show) throw showNotFound(request.showId);
  const snapshot = await findSeats(deps.pool, show.showId, seats);
  const unknown = unknownSeats(seats, snapshot);
  if (unknown.length > 0) throw seatNotFound(show.showId, unknown);
  const takenBefore = takenSeats(snapshot);
  if (takenBefore.length > 0) throw seatsTaken(show.showId, takenBefore);

  const bookingId = randomUUID();
  const booking = await deps.admission.run(() =>
    deps.seatLocks.run(show.showId, seats, { waitMs: deps.requestLockWaitMs }, (held) =>
      withTransaction(deps.pool, async (tx) => {
        const taken = takenSeats(await lockSeats(tx, show.showId, seats));
        if (taken.length > 0) throw seatsTaken(show.showId, taken);
        const created = await insertHeldBooking(
          tx,
          {
            bookingId,
            showId: show.showId,
            seats,
            customerId: request.customerId,
            walletId: request.walletId,
            amountCents: bookingAmountCents(show.priceCents, seats.length),
          },
          deps.holdTtlMs,
        );
        for (const seatId of seats) {
          await held.writeSeat(tx, seatId, { status: 'held', bookingId });
        }
        await enqueue(tx, paymentRequested, {
          paymentId: bookingId,
          walletId: request.walletId,
          customerId: request.customerId,
          amountCents: created.amountCents,
          currency: settlementCurrency,
          reference: { kind: 'booking', id: bookingId },
        });
        held.assertHeld();
        return created;
      }),
    ),
  );
  deps.wakeRelay();
  return booking;
}
