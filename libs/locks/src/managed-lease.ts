import { jitter, monotonicNow, sleep } from './clock.js';
import {
  isLockError,
  type LeaseLossReason,
  LockErrorCode,
  LockLostError,
  LockNotHeldError,
  LockReleaseError,
} from './errors/index.js';
import type { FencingTokenKind, Lease, LockStrategy } from './lock.js';
import { type HoldRecorder, traceHold } from './telemetry.js';

/** What a backend does for a lease; everything else (deadlines, signals, state) lives here. */
export interface LeaseOperations {
  /**
   * Renews the lease in the backend for `ttlMs`. Resolves once acknowledged. Throws
   * LockLostError('not-owner') when the backend says this holder no longer owns the lock;
   * any other error is a fault and leaves the current deadline in force.
   */
  renew(ttlMs: number): Promise<void>;
  /** Deletes only this holder's key or node; resolves once the backend confirmed it is gone. */
  release(): Promise<void>;
}

/** Everything a backend knows about a freshly granted lease. */
export interface LeaseGrant {
  resource: string;
  strategy: LockStrategy;
  ownerId: string;
  fencingToken: bigint | null;
  tokenKind: FencingTokenKind;
  /** TTL granted, in ms; also the default for extend(). */
  ttlMs: number;
  /** Monotonic time at which the request that granted the lease was sent (not answered). */
  validFrom: number;
  /** Subtracted from every deadline: clock drift between client and server plus a margin. */
  safetyMarginMs: number;
  operations: LeaseOperations;
}

/**
 * The one Lease implementation all backends share. Validity is tracked on the client's
 * monotonic clock from the moment the last acknowledged request was *sent*, so the signal
 * fires before the server can hand the lock to someone else, without waiting for a reply.
 */
export class ManagedLease implements Lease {
  readonly resource: string;
  readonly strategy: LockStrategy;
  readonly ownerId: string;
  readonly fencingToken: bigint | null;
  readonly tokenKind: FencingTokenKind;

  private readonly ttlMs: number;
  private readonly safetyMarginMs: number;
  private readonly operations: LeaseOperations;
  /**
   * Created on the first read of `signal`: an AbortController costs as much as the rest of an
   * uncontended Redis acquire's client work, and many holders never look at the signal.
   */
  private controller: AbortController | undefined;
  /** Set once, when the lease may be lost; the signal's reason. */
  private lossReason: LockLostError | undefined;
  private lossListeners: Array<() => void> | undefined;
  private readonly hold: HoldRecorder;
  private deadline: number;
  private timer: NodeJS.Timeout | undefined;
  private released = false;
  private releasing: Promise<void> | undefined;

  constructor(grant: LeaseGrant) {
    this.resource = grant.resource;
    this.strategy = grant.strategy;
    this.ownerId = grant.ownerId;
    this.fencingToken = grant.fencingToken;
    this.tokenKind = grant.tokenKind;
    this.ttlMs = grant.ttlMs;
    this.safetyMarginMs = grant.safetyMarginMs;
    this.operations = grant.operations;
    this.hold = traceHold(grant.strategy, grant.resource, grant.fencingToken);
    this.deadline = grant.validFrom + grant.ttlMs - grant.safetyMarginMs;
    this.armDeadline();
  }

  /** Fires (once, with a LockLostError as its reason) when the lease may be lost. */
  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.lossReason !== undefined) this.controller.abort(this.lossReason);
    }
    return this.controller.signal;
  }

  /** Whether the lease may be lost (the signal has fired). */
  get lost(): boolean {
    return this.lossReason !== undefined;
  }

  /**
   * Runs `listener` once when the lease may be lost (at once if it already is), after the
   * signal fired. For backends' bookkeeping; it must not throw.
   */
  onLost(listener: () => void): void {
    if (this.lossReason !== undefined) {
      listener();
      return;
    }
    this.lossListeners ??= [];
    this.lossListeners.push(listener);
  }

  remainingMs(): number {
    if (this.lost || this.released) return 0;
    return this.deadline - monotonicNow();
  }

  /**
   * Moves the deadline after the backend acknowledged a renewal sent at `validFrom`. Session
   * based backends (etcd, ZooKeeper) call this for every lease of a session on each keepalive.
   */
  refresh(validFrom: number, ttlMs: number = this.ttlMs): void {
    if (this.lost || this.released) return;
    const next = validFrom + ttlMs - this.safetyMarginMs;
    if (next > this.deadline) {
      this.deadline = next;
      this.armDeadline();
    }
  }

  /** Declares the lease possibly lost: fires the signal once and ends the hold span. */
  markLost(reason: LeaseLossReason, cause?: unknown): void {
    if (this.lost || this.released) return;
    clearTimeout(this.timer);
    this.hold.end('lost', reason);
    this.lossReason = new LockLostError(this.resource, reason, { cause });
    this.controller?.abort(this.lossReason);
    const listeners = this.lossListeners ?? [];
    this.lossListeners = undefined;
    for (const listener of listeners) listener();
  }

  async extend(ttlMs: number = this.ttlMs): Promise<void> {
    if (this.released) throw new LockNotHeldError(this.resource, 'the lease was released');
    this.throwIfLost();
    const sentAt = monotonicNow();
    try {
      await this.operations.renew(ttlMs);
    } catch (error) {
      if (isLockError(error, LockErrorCode.Lost)) this.markLost('not-owner', error);
      throw error;
    }
    // A renewal acknowledged after the deadline fired cannot re-arm the signal: code that saw
    // it fire may already have stopped, and the contract says a fired signal stays fired.
    this.throwIfLost();
    this.refresh(sentAt, ttlMs);
  }

  release(): Promise<void> {
    if (this.released) {
      return Promise.reject(new LockNotHeldError(this.resource, 'the lease was already released'));
    }
    this.releasing ??= this.operations.release().then(
      () => {
        this.released = true;
        clearTimeout(this.timer);
        this.hold.end('released');
      },
      (error: unknown) => {
        this.releasing = undefined;
        if (isLockError(error)) throw error;
        throw new LockReleaseError(this.resource, { cause: error });
      },
    );
    return this.releasing;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    if (!this.released) await this.release();
  }

  /**
   * Renews every `intervalMs` (default a third of the TTL) until released, lost or stopped.
   * A failed renewal is retried with jitter; if none succeeds the deadline fires the signal.
   * Returns a function that stops renewing.
   */
  keepAlive(intervalMs: number = this.ttlMs / 3): () => void {
    const stop = new AbortController();
    const loop = async () => {
      let waitMs = intervalMs;
      while (!stop.signal.aborted && !this.released && !this.lost) {
        const awake = await sleep(waitMs, stop.signal);
        if (!awake || this.released || this.lost) return;
        try {
          await this.extend();
          waitMs = intervalMs;
        } catch (error) {
          if (isLockError(error, LockErrorCode.Lost) || isLockError(error, LockErrorCode.NotHeld))
            return;
          // Transient fault: the next try comes sooner than a regular renewal; if every try
          // fails, the deadline timer fires the signal on its own.
          waitMs = jitter(intervalMs / 4);
        }
      }
    };
    void loop();
    return () => stop.abort();
  }

  private throwIfLost(): void {
    if (this.lossReason !== undefined) throw this.lossReason;
  }

  private armDeadline(): void {
    clearTimeout(this.timer);
    const delay = Math.max(0, this.deadline - monotonicNow());
    this.timer = setTimeout(() => {
      // Timers fire late after a pause (SIGSTOP, GC): re-check against the clock, not the timer.
      if (monotonicNow() >= this.deadline) this.markLost('deadline');
      else this.armDeadline();
    }, delay);
    this.timer.unref();
  }
}
