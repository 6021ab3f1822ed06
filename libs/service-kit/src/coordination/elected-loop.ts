import { type Election, type Leadership, sleep } from '@lockstep/locks';
import type { Component } from '../lifecycle/component.js';
import type { Logger } from '../logging/create-logger.js';

/** Options for {@link ElectedLoop}. */
export interface ElectedLoopOptions {
  /** Component name for logs and readiness, e.g. `hold-sweeper`. */
  name: string;
  /** The election the replicas of one deployment share; the loop closes it on stop. */
  election: Election;
  /** This replica's id, the candidate id observers see as leader. */
  candidateId: string;
  /** Pause between rounds, and before campaigning again after a failed campaign, in ms. */
  intervalMs: number;
  logger: Logger;
  /**
   * One round of the work. `term` aborts when leadership may be lost or the loop stops: pass it
   * to lock waits and transactions so the round stops at once. Resolves with how many items it
   * handled (counted in stats), if it counts. A round that throws is logged and the next one
   * runs after `intervalMs`.
   */
  round(term: AbortSignal, leadership: Leadership): Promise<number | undefined>;
}

/** What an elected loop has done; for tests and logs. */
export interface ElectedLoopStats {
  /** Times this replica became leader. */
  terms: number;
  /** Rounds completed while leading. */
  rounds: number;
  /** Items the rounds handled (what each round resolved with). */
  handled: number;
}

/**
 * Background work only one replica should do at a time (sweeping expired holds, compaction):
 * every replica campaigns, the leader runs `round` every `intervalMs`, and when its leadership
 * may be lost (the signal fires: session suspended or expired, lease revoked) the round in
 * progress is cancelled, it resigns and campaigns again. Start-up does not wait to win.
 */
export class ElectedLoop implements Component {
  readonly name: string;
  private readonly log: Logger;
  private readonly stopping = new AbortController();
  private readonly counters: ElectedLoopStats = { terms: 0, rounds: 0, handled: 0 };
  private loop: Promise<void> | undefined;
  private leading = false;

  constructor(private readonly options: ElectedLoopOptions) {
    this.name = options.name;
    this.log = options.logger.child({ component: options.name });
  }

  /** Whether this replica leads right now. */
  get isLeader(): boolean {
    return this.leading;
  }

  /** Counters since start; live, read-only. */
  get stats(): Readonly<ElectedLoopStats> {
    return this.counters;
  }

  start(): void {
    this.loop ??= this.campaignForever();
  }

  /** Cancels the round in progress, resigns, and closes the election's connection. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loop;
    await this.options.election.close();
  }

  private async campaignForever(): Promise<void> {
    const { election, candidateId, intervalMs } = this.options;
    const stopping = this.stopping.signal;
    while (!stopping.aborted) {
      let leadership: Leadership;
      try {
        leadership = await election.campaign(candidateId, { signal: stopping });
      } catch (error) {
        if (stopping.aborted) return;
        this.log.warn({ err: error }, 'campaign failed; trying again');
        await sleep(intervalMs, stopping);
        continue;
      }
      await this.lead(leadership, stopping);
    }
  }

  /** Runs rounds until leadership may be lost or the loop stops, then resigns. */
  private async lead(leadership: Leadership, stopping: AbortSignal): Promise<void> {
    this.leading = true;
    this.counters.terms += 1;
    this.log.info({ fencingToken: String(leadership.fencingToken) }, 'leading');
    const term = AbortSignal.any([leadership.signal, stopping]);
    try {
      while (!term.aborted) {
        try {
          this.counters.handled += (await this.options.round(term, leadership)) ?? 0;
          this.counters.rounds += 1;
        } catch (error) {
          if (term.aborted) break;
          this.log.warn({ err: error }, 'round failed; the next one retries');
        }
        await sleep(this.options.intervalMs, term);
      }
    } finally {
      this.leading = false;
      await leadership.resign().catch((error: unknown) => {
        // A lost leadership has nothing left to resign, and an unconfirmed delete goes with
        // the session, which stop() closes: either way the next candidate takes over.
        this.log.debug({ err: error }, 'resign did not complete');
      });
      this.log.info({ lost: leadership.signal.aborted }, 'stopped leading');
    }
  }
}
