import { jitter, sleep } from '../clock.js';
import { CasConflictError, LockCancelledError, LockInvalidArgumentError } from '../errors/index.js';
import { recordCasConflicts, traceCas } from '../telemetry.js';

/** A value read together with the version it had. */
export interface Versioned<T> {
  value: T;
  version: bigint;
}

/** What one conditional write reports: applied (with its result) or lost to a concurrent writer. */
export type CasWrite<R> = { applied: true; result: R } | { applied: false };

/** Options for {@link casUpdate}. */
export interface CasUpdateOptions<T, R> {
  /** Names the thing being updated, for errors and telemetry (e.g. `partner:17`). */
  resource: string;
  /** Reads the current value and its version. */
  read: () => Promise<Versioned<T>>;
  /**
   * Writes only if the version is still `current.version`. Return `{ applied: false }` when it
   * was not; throw to stop for a business reason (e.g. capacity full): that is not a conflict.
   */
  write: (current: Versioned<T>) => Promise<CasWrite<R>>;
  /** Total attempts before giving up with CasConflictError (default 8). */
  maxAttempts?: number;
  /** First backoff after a conflict in ms, doubled per conflict with jitter (default 5). */
  baseDelayMs?: number;
  /** Cap on one backoff in ms (default 200). */
  maxDelayMs?: number;
  /** Cancels between attempts with LockCancelledError; a write already sent is not undone. */
  signal?: AbortSignal;
}

/** The outcome of a successful {@link casUpdate}. */
export interface CasOutcome<R> {
  result: R;
  /** Attempts made, including the one that applied. */
  attempts: number;
  /** Attempts that found the version changed. */
  conflicts: number;
  /** The version the applied write was conditioned on: the fence, as a lease's token is. */
  version: bigint;
}

/**
 * Optimistic compare-and-swap: read, write-if-unchanged, and on conflict back off (exponential,
 * jittered) and try again, a bounded number of times. No lock is held; the version is the fence.
 */
export function casUpdate<T, R>(options: CasUpdateOptions<T, R>): Promise<CasOutcome<R>> {
  const maxAttempts = options.maxAttempts ?? 8;
  const baseDelayMs = options.baseDelayMs ?? 5;
  const maxDelayMs = options.maxDelayMs ?? 200;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new LockInvalidArgumentError(
      `maxAttempts must be a positive integer, got ${maxAttempts}`,
    );
  }
  return traceCas(options.resource, async () => {
    let conflicts = 0;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      if (options.signal?.aborted) {
        recordCasConflicts(options.resource, conflicts);
        throw new LockCancelledError(options.resource, { cause: options.signal.reason });
      }
      let outcome: CasWrite<R>;
      let current: Versioned<T>;
      try {
        current = await options.read();
        outcome = await options.write(current);
      } catch (error) {
        // A refusal for a business reason (row full, row missing) still counts the conflicts
        // that came before it, so contention stays visible in metrics.
        recordCasConflicts(options.resource, conflicts);
        throw error;
      }
      if (outcome.applied) {
        recordCasConflicts(options.resource, conflicts);
        return { result: outcome.result, attempts: attempt, conflicts, version: current.version };
      }
      conflicts++;
      if (attempt < maxAttempts) {
        await sleep(
          jitter(Math.min(maxDelayMs, baseDelayMs * 2 ** (conflicts - 1))),
          options.signal,
        );
      }
    }
    recordCasConflicts(options.resource, conflicts);
    throw new CasConflictError(options.resource, maxAttempts);
  });
}
