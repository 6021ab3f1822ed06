import { type LockStrategy, recordFencedWrite } from '@lockstep/locks';
import type { HeldLocks, LockRunner } from '@lockstep/service-kit';
import { type SeatState, writeSeat } from '../db/seats.js';
import type { Sql } from '../db/sql.js';
import { fenceRejected } from '../domain/booking-errors.js';

/** The lock resource of one seat. */
export function seatResource(showId: string, seatId: string): string {
  return `seat:${showId}:${seatId}`;
}

/** The seat a lock resource names (`seat:<show>:<seat>`), for answers about a contended lock. */
export function seatOfResource(
  resource: string | undefined,
): { showId: string; seatId: string } | undefined {
  if (!resource?.startsWith('seat:')) return undefined;
  const last = resource.lastIndexOf(':');
  return { showId: resource.slice('seat:'.length, last), seatId: resource.slice(last + 1) };
}

/** What work under the seat locks gets: each seat's fencing token and the only seat write. */
export interface HeldSeats {
  readonly showId: string;
  /** The fencing token (etcd create revision) of one seat's lease. */
  fencingToken(seatId: string): bigint;
  /** Fenced write of one seat with ITS lease's token; throws FENCE_REJECTED (nothing written). */
  writeSeat(tx: Sql, seatId: string, state: SeatState): Promise<void>;
  /** Throws LOCK_LOST if any seat lease (or the caller's signal) may be gone; call right before commit. */
  assertHeld(): void;
}

/** Options for {@link SeatLocks.run}. */
export interface SeatLockOptions {
  /** How long to wait for all the locks together, in ms (one deadline). */
  waitMs: number;
  /** Cancels the wait, and counts as a lost lock once held (the sweeper's leadership). */
  signal?: AbortSignal;
}

/**
 * Work under the etcd locks of several seats of one show, on the kit's LockRunner: taken in
 * one canonical order, all or nothing, within one deadline, so two bookings asking for
 * {A1, A2} and {A2, A1} queue on the same first seat instead of each holding what the other
 * needs; every lease is kept alive while the work runs. What it adds is the fence: each seat
 * is written with its own lease's token, and counted as accepted or refused. Lock errors pass
 * through unchanged; the service's error table answers them (contention 429 SEATS_BUSY naming
 * the seat, a lost or unreachable lock 503), and the consumer and the sweeper retry them.
 */
export class SeatLocks {
  constructor(private readonly runner: LockRunner) {}

  /** Takes every seat's lock, runs `work` with them, releases them; see the class comment. */
  run<T>(
    showId: string,
    seatIds: readonly string[],
    options: SeatLockOptions,
    work: (held: HeldSeats) => Promise<T>,
  ): Promise<T> {
    return this.runner.run(
      seatIds.map((seatId) => seatResource(showId, seatId)),
      (held) => work(heldSeats(showId, held)),
      options,
    );
  }
}

function heldSeats(showId: string, held: HeldLocks): HeldSeats {
  // Read before the work runs: a backend without a sound token cannot protect the seats, so
  // it is refused before anything is read or written.
  const seatLeases = new Map<string, { token: bigint; strategy: LockStrategy }>(
    held.leases.map((lease) => [
      lease.resource,
      { token: held.fencingToken(lease.resource), strategy: lease.strategy },
    ]),
  );
  const leaseOf = (seatId: string) => {
    const lease = seatLeases.get(seatResource(showId, seatId));
    if (lease === undefined) throw new Error(`seat ${seatId} of show ${showId} is not locked`);
    return lease;
  };
  return {
    showId,
    fencingToken: (seatId) => leaseOf(seatId).token,
    assertHeld: () => held.assertHeld(),
    async writeSeat(tx, seatId, state) {
      held.assertHeld();
      const { token, strategy } = leaseOf(seatId);
      const accepted = await writeSeat(tx, showId, seatId, state, token);
      recordFencedWrite(strategy, seatResource(showId, seatId), accepted ? 'accepted' : 'rejected');
      if (!accepted) throw fenceRejected(showId, seatId, token);
    },
  };
}
