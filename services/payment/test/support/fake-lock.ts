import { type DistributedLock, type Lease, LockLostError } from '@lockstep/locks';

/** A lease the test controls: `lose()` fires its signal as a lost Redlock lease would. */
export class ControlledLease implements Lease {
  readonly strategy = 'redlock' as const;
  readonly fencingToken = null;
  readonly tokenKind = 'none' as const;
  readonly ownerId = 'test-owner';
  private readonly controller = new AbortController();
  readonly signal: AbortSignal = this.controller.signal;

  constructor(readonly resource: string) {}

  /** Fires the signal, like a lease whose deadline passed while its holder was paused. */
  lose(): void {
    this.controller.abort(new LockLostError(this.resource, 'deadline'));
  }

  remainingMs(): number {
    return this.signal.aborted ? 0 : 60_000;
  }

  async extend(): Promise<void> {}

  keepAlive(): () => void {
    return () => undefined;
  }

  async release(): Promise<void> {}

  async [Symbol.asyncDispose](): Promise<void> {}
}

/**
 * A "lock" that grants every acquire at once, as if every holder but one had lost its lease
 * without noticing: what the database constraints must survive on their own.
 */
export class NoExclusionLock implements DistributedLock {
  readonly strategy = 'redlock' as const;
  /** Every lease handed out, in order. */
  readonly leases: ControlledLease[] = [];

  async acquire(resource: string): Promise<Lease> {
    const lease = new ControlledLease(resource);
    this.leases.push(lease);
    return lease;
  }

  async close(): Promise<void> {}
}
