import { Deadline } from './clock.js';
import { LockInvalidArgumentError } from './errors/index.js';
import type { AcquireOptions, DistributedLock, Lease } from './lock.js';

/** Several leases taken together; released together. */
export interface MultiLease extends AsyncDisposable {
  /** The resources held, in the canonical (sorted) order they were acquired. */
  readonly resources: readonly string[];
  /** The individual leases, in the same order. */
  readonly leases: readonly Lease[];
  /** Fires when any one of the leases may be lost. */
  readonly signal: AbortSignal;
  /** Renews every lease. */
  extend(ttlMs?: number): Promise<void>;
  /** Keeps every lease alive (see Lease.keepAlive); returns what stops them all. */
  keepAlive(intervalMs?: number): () => void;
  /** Releases every lease, newest first; rejects with the first failure after trying all. */
  release(): Promise<void>;
}

/**
 * Acquires every resource, all or nothing, within one deadline. Resources are taken in one
 * canonical order (sorted, duplicates removed), so two callers asking for {a,b} and {b,a}
 * queue on `a` instead of each holding what the other needs: no deadlock is possible. On any
 * failure the leases already taken are released and the error is rethrown.
 */
export async function acquireAll(
  lock: DistributedLock,
  resources: readonly string[],
  options: AcquireOptions = {},
): Promise<MultiLease> {
  if (resources.length === 0)
    throw new LockInvalidArgumentError('acquireAll needs at least one resource');
  const ordered = [...new Set(resources)].sort();
  const deadline = options.waitMs === undefined ? undefined : new Deadline(options.waitMs);
  const leases: Lease[] = [];
  try {
    for (const resource of ordered) {
      const waitMs = deadline?.remaining();
      leases.push(
        await lock.acquire(resource, { ...options, ...(waitMs === undefined ? {} : { waitMs }) }),
      );
    }
  } catch (error) {
    await releaseAll(leases).catch(() => {
      // The acquire error is what the caller needs; unconfirmed releases expire with their TTL.
    });
    throw error;
  }
  let released = false;
  const release = async () => {
    await releaseAll(leases);
    released = true;
  };
  return {
    resources: ordered,
    leases,
    signal: AbortSignal.any(leases.map((lease) => lease.signal)),
    extend: async (ttlMs) => {
      await Promise.all(leases.map((lease) => lease.extend(ttlMs)));
    },
    keepAlive: (intervalMs) => {
      const stops = leases.map((lease) => lease.keepAlive(intervalMs));
      return () => {
        for (const stop of stops) stop();
      };
    },
    release,
    [Symbol.asyncDispose]: async () => {
      if (!released) await release();
    },
  };
}

async function releaseAll(leases: readonly Lease[]): Promise<void> {
  const results = await Promise.allSettled([...leases].reverse().map((lease) => lease.release()));
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
}
