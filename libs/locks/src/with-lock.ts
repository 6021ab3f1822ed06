import type { AcquireOptions, DistributedLock, Lease } from './lock.js';

/** Options for {@link withLock}. */
export interface WithLockOptions extends AcquireOptions {
  /** How often to renew while `work` runs, in ms; default a third of the TTL. */
  renewEveryMs?: number;
  /**
   * Called when the release after `work` could not be confirmed. The lock then frees itself
   * when its TTL runs out. Without this option such a release error is thrown, unless `work`
   * itself threw: the work's own error always wins, because it is what the caller acts on.
   */
  onReleaseError?: (error: unknown) => void;
}

/**
 * Acquires `resource`, runs `work` while renewing the lease, and always releases it. `work`
 * gets the lease; its `signal` aborts if the lease may be lost, and `work` must stop writing
 * then (pass the signal to I/O, and the fencing token to storage).
 */
export async function withLock<T>(
  lock: DistributedLock,
  resource: string,
  work: (lease: Lease) => Promise<T>,
  options: WithLockOptions = {},
): Promise<T> {
  const lease = await lock.acquire(resource, options);
  const stopRenewing = lease.keepAlive(options.renewEveryMs);
  let result: T;
  try {
    result = await work(lease);
  } catch (workError) {
    stopRenewing();
    await lease.release().catch((releaseError: unknown) => options.onReleaseError?.(releaseError));
    throw workError;
  }
  stopRenewing();
  try {
    await lease.release();
  } catch (releaseError) {
    // The work has already happened (e.g. committed); reporting it as failed would be a lie.
    if (options.onReleaseError === undefined) throw releaseError;
    options.onReleaseError(releaseError);
  }
  return result;
}
