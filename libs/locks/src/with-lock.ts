import type { AcquireOptions, DistributedLock, Lease } from './lock.js';
import { ManagedLease } from './managed-lease.js';

/** Options for {@link withLock}. */
export interface WithLockOptions extends AcquireOptions {
  /** How often to renew while `work` runs, in ms; default a third of the TTL. */
  renewEveryMs?: number;
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
  const stopRenewing =
    lease instanceof ManagedLease ? lease.keepAlive(options.renewEveryMs) : () => undefined;
  try {
    return await work(lease);
  } finally {
    stopRenewing();
    await lease.release();
  }
}
