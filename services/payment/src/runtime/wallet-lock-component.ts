import {
  type AcquireOptions,
  type DistributedLock,
  type Lease,
  LockUnavailableError,
  RedlockLock,
} from '@lockstep/locks';
import type { Component } from '@lockstep/service-kit';

/**
 * The Redlock client as a runtime component, and a DistributedLock that forwards to it. The
 * Redis connections open in start() (not when the service is wired), so a replica whose
 * start-up fails earlier leaves no sockets behind; stop() closes them after the entry points
 * have finished, and leases still held then are marked lost and released.
 */
export class WalletLockComponent implements Component, DistributedLock {
  /** Component name in logs and readiness. */
  readonly name = 'redlock';
  /** The backend, for telemetry and logs. */
  readonly strategy = 'redlock' as const;
  private lock: RedlockLock | undefined;

  constructor(
    private readonly nodes: readonly string[],
    private readonly probeResource: string,
  ) {}

  /** Creates the Redlock client over the configured nodes. */
  start(): void {
    this.lock ??= new RedlockLock({ nodes: this.nodes });
  }

  /** Forwards to the Redlock client; LOCK_UNAVAILABLE before start or after stop. */
  acquire(resource: string, options?: AcquireOptions): Promise<Lease> {
    if (this.lock === undefined) {
      return Promise.reject(new LockUnavailableError('redlock: not started', { resource }));
    }
    return this.lock.acquire(resource, options);
  }

  /**
   * Ready when a quorum of Redis nodes grants and releases a lock of this replica's own (no
   * one else uses the resource, so contention cannot make a healthy replica look unready).
   */
  async ready(): Promise<void> {
    const lease = await this.acquire(this.probeResource, { ttlMs: 2_000, waitMs: 0 });
    await lease.release();
  }

  /** Closes the Redlock client. */
  async stop(): Promise<void> {
    const lock = this.lock;
    this.lock = undefined;
    await lock?.close();
  }

  /** Same as stop(); part of DistributedLock. */
  close(): Promise<void> {
    return this.stop();
  }
}
