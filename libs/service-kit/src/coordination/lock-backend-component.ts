import {
  type AcquireOptions,
  type DistributedLock,
  type Lease,
  type LockStrategy,
  LockUnavailableError,
} from '@lockstep/locks';
import type { Component } from '../lifecycle/component.js';

/** Options for {@link LockBackendComponent}. */
export interface LockBackendOptions {
  /** The backend, known before the client exists (for telemetry and logs). */
  strategy: LockStrategy;
  /** Creates the lock client; called on start, so a failed start-up leaves no sockets. */
  create(): DistributedLock;
  /** This replica's id: its probe locks `readiness:<instanceId>`, which nobody else takes. */
  instanceId: string;
}

/**
 * A service's lock client as a runtime component, and a DistributedLock that forwards to it.
 * Start proves the backend grants a lock (a replica that cannot lock must not take work);
 * readiness proves it again on every probe, on a resource only this replica uses, so
 * contention never makes a healthy replica look unready; stop closes the client after the
 * entry points stopped, which marks leases still held lost and releases them.
 */
export class LockBackendComponent implements Component, DistributedLock {
  readonly name: string;
  readonly strategy: LockStrategy;
  private lock: DistributedLock | undefined;
  private readonly probeResource: string;

  constructor(private readonly options: LockBackendOptions) {
    this.strategy = options.strategy;
    this.name = `${options.strategy}-lock`;
    this.probeResource = `readiness:${options.instanceId}`;
  }

  async start(): Promise<void> {
    this.lock ??= this.options.create();
    await this.probe();
  }

  async ready(): Promise<void> {
    await this.probe();
  }

  async stop(): Promise<void> {
    const lock = this.lock;
    this.lock = undefined;
    await lock?.close();
  }

  /** Forwards to the client; LOCK_UNAVAILABLE before start and after stop. */
  acquire(resource: string, options?: AcquireOptions): Promise<Lease> {
    if (this.lock === undefined) {
      return Promise.reject(
        new LockUnavailableError(`the ${this.strategy} lock is not started`, { resource }),
      );
    }
    return this.lock.acquire(resource, options);
  }

  /** Same as stop(); part of DistributedLock. */
  close(): Promise<void> {
    return this.stop();
  }

  /** Takes and drops this replica's own lock: one round trip that proves locking works. */
  private async probe(): Promise<void> {
    const lease = await this.acquire(this.probeResource, { ttlMs: 2_000, waitMs: 1_000 });
    await lease.release();
  }
}
