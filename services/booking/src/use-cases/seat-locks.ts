import {
  acquireAll,
  type DistributedLock,
  isLockError,
  LockErrorCode,
  type LockStrategy,
  type MultiLease,
  recordFencedWrite,
} from '@lockstep/locks';
import { type Logger, UnavailableError } from '@lockstep/service-kit';
import { type SeatState, writeSeat } from '../db/seats.js';
import type { Sql } from '../db/sql.js';
import { fenceRejected, seatsBusy } from '../domain/booking-errors.js';

/** The lock resource of one seat. */
export function seatResource(showId: string, seatId: string): string {
  return `seat:${showId}:${seatId}`;
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
 * Runs work under the etcd locks of several seats of one show, taken with acquireAll: in one
 * canonical order, all or nothing, within one deadline, so two bookings asking for {A1, A2}
 * and {A2, A1} queue on the same first seat instead of each holding what the other needs.
 * Lock outcomes become answers a caller can act on:
 * - LOCK_CONTENDED (a seat stayed locked for the whole wait) → 429 SEATS_BUSY, Retry-After 1,
 *   naming the seat. Contention is an outcome of the rush, not a fault: the same answer
 *   inventory gives for a busy SKU, kept out of 5xx alerts and load-balancer ejection.
 * - LOCK_UNAVAILABLE (etcd down) → 503, failing closed: nothing is written unlocked.
 * - LOCK_LOST / LOCK_CANCELLED → 503; the transaction was rolled back.
 * A release etcd does not confirm after the work ended is logged, not thrown: the work's
 * outcome stands, and the keys go with the session lease if the deletes never land.
 */
export class SeatLocks {
  private readonly log: Logger;

  constructor(
    private readonly lock: DistributedLock,
    private readonly ttlMs: number,
    logger: Logger,
  ) {
    this.log = logger.child({ component: 'seat-locks' });
  }

  /** Takes every seat's lock, runs `work` with them, releases them; see the class comment. */
  async run<T>(
    showId: string,
    seatIds: readonly string[],
    options: SeatLockOptions,
    work: (held: HeldSeats) => Promise<T>,
  ): Promise<T> {
    const resources = seatIds.map((seatId) => seatResource(showId, seatId));
    let lease: MultiLease;
    try {
      lease = await acquireAll(this.lock, resources, {
        ttlMs: this.ttlMs,
        waitMs: options.waitMs,
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (error) {
      throw asAnswer(error, showId);
    }
    try {
      return await work(heldSeats(showId, lease, options.signal));
    } catch (error) {
      throw asAnswer(error, showId);
    } finally {
      await lease.release().catch((error: unknown) => {
        this.log.warn({ err: error, showId, seatIds }, 'seat lock release unconfirmed');
      });
    }
  }
}

function heldSeats(showId: string, lease: MultiLease, signal: AbortSignal | undefined): HeldSeats {
  const seatLeases = new Map<string, { token: bigint; strategy: LockStrategy }>();
  for (const seatLease of lease.leases) {
    if (seatLease.fencingToken === null) {
      // Every seat write is fenced; a backend without a sound token cannot protect the seats.
      throw new Error(
        `the ${seatLease.strategy} lock gives no fencing token for ${seatLease.resource}`,
      );
    }
    seatLeases.set(seatLease.resource, {
      token: seatLease.fencingToken,
      strategy: seatLease.strategy,
    });
  }
  const leaseOf = (seatId: string) => {
    const held = seatLeases.get(seatResource(showId, seatId));
    if (held === undefined) throw new Error(`seat ${seatId} of show ${showId} is not locked`);
    return held;
  };
  const assertHeld = () => {
    if (lease.signal.aborted) throw lease.signal.reason;
    if (signal?.aborted) throw signal.reason;
  };
  return {
    showId,
    fencingToken: (seatId) => leaseOf(seatId).token,
    assertHeld,
    async writeSeat(tx, seatId, state) {
      assertHeld();
      const { token, strategy } = leaseOf(seatId);
      const accepted = await writeSeat(tx, showId, seatId, state, token);
      recordFencedWrite(strategy, seatResource(showId, seatId), accepted ? 'accepted' : 'rejected');
      if (!accepted) throw fenceRejected(showId, seatId, token);
    },
  };
}

/** The seat named by a seat lock resource (`seat:<show>:<seat>`). */
function seatOf(resource: string | undefined): string | undefined {
  return resource?.slice(resource.lastIndexOf(':') + 1);
}

function asAnswer(error: unknown, showId: string): unknown {
  if (!isLockError(error)) return error;
  const options = { cause: error, retryAfterSeconds: 1 };
  switch (error.code) {
    case LockErrorCode.Contended:
      return seatsBusy(showId, seatOf(error.resource), error);
    case LockErrorCode.Unavailable:
      return new UnavailableError('the lock service is unavailable', {
        ...options,
        code: 'LOCK_UNAVAILABLE',
      });
    case LockErrorCode.Lost:
      return new UnavailableError(`a seat lock of show ${showId} was lost; nothing was written`, {
        ...options,
        code: 'LOCK_LOST',
      });
    case LockErrorCode.Cancelled:
      return new UnavailableError(`waiting for the seats of show ${showId} was cancelled`, {
        ...options,
        code: 'LOCK_CANCELLED',
      });
    default:
      return error;
  }
}
