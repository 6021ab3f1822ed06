/**
 * The leader-election contract both coordination backends implement (etcd and ZooKeeper), so a
 * service's elected background work depends on {@link Election}, not on a backend. Leadership is
 * a lease underneath: it carries the same fencing token, deadline and loss signal as a lock.
 */
import type { Lease, LockStrategy } from './lock.js';

/** Options for {@link Election.campaign}. */
export interface CampaignOptions {
  /**
   * How long to wait to be elected, in ms; 0 tries once. Default: until elected. Past it the
   * campaign rejects with LockContendedError and leaves no candidate behind.
   */
  waitMs?: number;
  /** Stops campaigning: the campaign rejects with LockCancelledError and leaves no candidate. */
  signal?: AbortSignal;
}

/** A won election. It lasts until resign() or until `signal` fires (leadership may be lost). */
export interface Leadership extends AsyncDisposable {
  /** The election's name. */
  readonly election: string;
  /** Who leads: the id passed to campaign(), which observers and leader() see. */
  readonly candidateId: string;
  /** The leader lease's fencing token: storage refuses a deposed leader's late writes with it. */
  readonly fencingToken: bigint;
  /** Aborts (reason: LockLostError) as soon as leadership may be lost; never re-arms. */
  readonly signal: AbortSignal;
  /** The lease underneath, with resource `election:<name>`. */
  readonly lease: Lease;
  /** Steps down, so the next candidate in line is elected. LockReleaseError if unconfirmed. */
  resign(): Promise<void>;
}

/** One named election on one backend. Candidates of the same name compete, first come first led. */
export interface Election {
  /** The election's name. */
  readonly name: string;
  /** The backend it runs on. */
  readonly strategy: LockStrategy;
  /**
   * Campaigns as `candidateId` and resolves once elected; rejects with LockInvalidArgumentError,
   * LockContendedError (waitMs passed), LockCancelledError or LockUnavailableError.
   */
  campaign(candidateId: string, options?: CampaignOptions): Promise<Leadership>;
  /** The current leader's candidate id, or undefined when nobody campaigns. */
  leader(): Promise<string | undefined>;
  /**
   * Calls `onChange` with the leader (undefined: none) now and on every change, in order, until
   * `signal` aborts. Resolves once the first value was reported.
   */
  observe(onChange: (leader: string | undefined) => void, signal: AbortSignal): Promise<void>;
  /** Closes the backend connection: a leadership still held is lost and the next candidate leads. */
  close(): Promise<void>;
}

/** The Leadership of `candidateId` over `lease` (its token must be sound: both backends' are). */
export function leadershipOf(election: string, candidateId: string, lease: Lease): Leadership {
  return {
    election,
    candidateId,
    fencingToken: lease.fencingToken ?? 0n,
    signal: lease.signal,
    lease,
    resign: () => lease.release(),
    // Disposing a lost leadership is not an error: there is nothing left to give up.
    [Symbol.asyncDispose]: async () => {
      if (!lease.signal.aborted) await lease.release();
    },
  };
}
