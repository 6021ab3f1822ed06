import { EtcdElection, type EtcdLeadership, sleep } from '@lockstep/locks';
import type { Component, Logger } from '@lockstep/service-kit';
import type { Booking } from '../domain/booking.js';
import { bookingMetrics } from '../telemetry/booking-metrics.js';
import type { BookingDeps } from '../use-cases/booking-deps.js';
import { expireHold, holdsToExpire } from '../use-cases/expire-holds.js';

/** Options for {@link HoldSweeper}. */
export interface HoldSweeperOptions {
  deps: BookingDeps;
  /** etcd client URLs (the election keeps its own connection and session). */
  endpoints: string[];
  /** The election's name; the sweepers of one deployment share it. */
  election: string;
  /** This replica's id, the value a leader campaigns with. */
  instanceId: string;
  /** Pause between sweeps, in ms. */
  intervalMs: number;
  /** Most holds released per sweep. */
  batchSize: number;
  logger: Logger;
}

/** What a sweeper has done; for tests and logs. */
export interface SweeperStats {
  /** Times this replica became leader. */
  terms: number;
  /** Sweeps run while leading. */
  sweeps: number;
  /** Holds released. */
  released: number;
}

/**
 * Releases seat holds whose payment never finished. Every replica campaigns in an etcd
 * election and only the leader sweeps, so replicas do not queue on the same seat locks for
 * the same holds. A second sweeper would be safe anyway (each release re-reads its booking
 * under the seat locks, fenced), just wasteful. On leadership loss (its signal fires: the
 * session expired or a keepalive went unanswered) the sweep stops at once: a lock wait is
 * cancelled and an open transaction rolls back; the replica then campaigns again.
 */
export class HoldSweeper implements Component {
  readonly name = 'hold-sweeper';
  private readonly election: EtcdElection;
  private readonly log: Logger;
  private readonly stopping = new AbortController();
  private readonly counters: SweeperStats = { terms: 0, sweeps: 0, released: 0 };
  private loop: Promise<void> | undefined;
  private leading = false;

  constructor(private readonly options: HoldSweeperOptions) {
    this.election = new EtcdElection({ endpoints: options.endpoints, name: options.election });
    this.log = options.logger.child({ component: 'hold-sweeper' });
  }

  /** Whether this replica leads the sweep right now. */
  get isLeader(): boolean {
    return this.leading;
  }

  /** Counters since start; live, read-only. */
  get stats(): Readonly<SweeperStats> {
    return this.counters;
  }

  /** Starts campaigning in the background; start-up does not wait to win. */
  start(): void {
    this.loop ??= this.campaignForever();
  }

  /** Stops sweeping (a sweep in progress stops at its next step), resigns, closes the session. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loop;
    await this.election.close();
  }

  private async campaignForever(): Promise<void> {
    const stopping = this.stopping.signal;
    while (!stopping.aborted) {
      let leadership: EtcdLeadership;
      try {
        leadership = await this.election.campaign(this.options.instanceId, { signal: stopping });
      } catch (error) {
        if (stopping.aborted) return;
        this.log.warn({ err: error }, 'campaign failed; trying again');
        await sleep(this.options.intervalMs, stopping);
        continue;
      }
      await this.lead(leadership, stopping);
    }
  }

  /** Sweeps until leadership is lost or the sweeper stops, then resigns. */
  private async lead(leadership: EtcdLeadership, stopping: AbortSignal): Promise<void> {
    this.leading = true;
    this.counters.terms += 1;
    const fencingToken = String(leadership.lease.fencingToken);
    this.log.info({ fencingToken }, 'leading the hold sweep');
    const term = AbortSignal.any([leadership.signal, stopping]);
    try {
      while (!term.aborted) {
        await this.sweep(term);
        await sleep(this.options.intervalMs, term);
      }
    } finally {
      this.leading = false;
      await leadership.resign().catch((error: unknown) => {
        // A lost leadership has nothing left to resign, and an unconfirmed delete goes with
        // the session, which stop() closes: either way the next candidate takes over.
        this.log.debug({ err: error }, 'resign did not complete');
      });
      this.log.info({ lost: leadership.signal.aborted }, 'stopped leading the hold sweep');
    }
  }

  /** One pass over the expired holds; a failing hold is logged and retried next pass. */
  private async sweep(term: AbortSignal): Promise<void> {
    const { deps, batchSize } = this.options;
    let holds: Booking[];
    try {
      holds = await holdsToExpire(deps, batchSize);
    } catch (error) {
      this.log.warn({ err: error }, 'could not list expired holds');
      return;
    }
    this.counters.sweeps += 1;
    for (const hold of holds) {
      if (term.aborted) return;
      try {
        if (await expireHold(deps, hold, term)) {
          this.counters.released += 1;
          // expireHold committed before returning: the booking is now expired for good.
          bookingMetrics.sagaOutcome('booking', 'expired');
        }
      } catch (error) {
        if (term.aborted) return;
        this.log.warn(
          { err: error, bookingId: hold.bookingId },
          'could not release an expired hold; next sweep retries',
        );
      }
    }
    if (holds.length > 0) this.log.info({ expired: holds.length }, 'expired holds swept');
  }
}
