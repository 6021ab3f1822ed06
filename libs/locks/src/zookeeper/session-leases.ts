import type { LeaseLossReason } from '../errors/index.js';
import type { ManagedLease } from '../managed-lease.js';

/**
 * The leases granted on one session. ZooKeeper reports loss per connection; this turns it into
 * loss per lease: every lease is refreshed when the session proves alive and marked lost when
 * it may not be.
 */
export class SessionLeases {
  private readonly leases = new Set<ManagedLease>();
  /** When leases were last refreshed (monotonic ms at which the proving request was sent). */
  private refreshedFrom = Number.NEGATIVE_INFINITY;

  constructor(private readonly timeoutMs: number) {}

  /** Starts refreshing `lease` with the session. */
  add(lease: ManagedLease): void {
    this.leases.add(lease);
  }

  /** Stops tracking a lease once released or lost. */
  delete(lease: ManagedLease): void {
    this.leases.delete(lease);
  }

  /**
   * The server answered a request sent at `sentAt`, so it cannot expire the session before
   * sentAt + timeout. Refreshing every lease on every answer would re-arm O(leases) timers per
   * request; refreshing once per twentieth of the timeout only keeps deadlines slightly early.
   */
  refreshAll(sentAt: number): void {
    if (sentAt - this.refreshedFrom < this.timeoutMs / 20) return;
    this.refreshedFrom = sentAt;
    for (const lease of this.leases) lease.refresh(sentAt, this.timeoutMs);
  }

  /** Fires every lease's signal with `reason` (each fires once; later reasons are ignored). */
  markAllLost(reason: LeaseLossReason): void {
    for (const lease of [...this.leases]) lease.markLost(reason);
  }

  /** Forgets every lease (the session ended). */
  clear(): void {
    this.leases.clear();
  }
}
