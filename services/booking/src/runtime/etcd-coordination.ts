import { EtcdLock, EtcdSemaphore } from '@lockstep/locks';
import type { Component } from '@lockstep/service-kit';

/** Options for {@link EtcdCoordination}. */
export interface EtcdCoordinationOptions {
  endpoints: string[];
  /** Default TTL of seat locks, in ms. */
  seatLockTtlMs: number;
  /** The admission semaphore's name and size (every replica must agree on both). */
  admissionName: string;
  admissionPermits: number;
  /** This replica's id; names its private readiness resource. */
  instanceId: string;
}

/**
 * The replica's etcd client as a runtime component: the seat lock and the admission
 * semaphore share one connection (the semaphore keeps its own sessions). Start proves etcd
 * answers (a replica that cannot lock must not take bookings); readiness takes and drops a
 * lock only this replica uses; stop, after the entry points stopped, revokes the sessions,
 * which releases anything still held.
 */
export class EtcdCoordination implements Component {
  readonly name = 'etcd';
  /** The seat locks. */
  readonly lock: EtcdLock;
  /** The admission semaphore. */
  readonly admission: EtcdSemaphore;
  private readonly probeResource: string;

  constructor(options: EtcdCoordinationOptions) {
    this.lock = new EtcdLock({
      endpoints: options.endpoints,
      defaultTtlMs: options.seatLockTtlMs,
    });
    this.admission = new EtcdSemaphore({
      client: this.lock.client,
      name: options.admissionName,
      permits: options.admissionPermits,
    });
    this.probeResource = `readiness:${options.instanceId}`;
  }

  /** Proves etcd answers before the replica takes any traffic. */
  async start(): Promise<void> {
    await this.probe();
  }

  /** Readiness probe: one lock round trip; throws while etcd is unreachable. */
  async ready(): Promise<void> {
    await this.probe();
  }

  /** Revokes the sessions (freeing held seats and permits) and closes the client. */
  async stop(): Promise<void> {
    // The semaphore borrows the lock's client: close it first, the client goes with the lock.
    await this.admission.close();
    await this.lock.close();
  }

  /** One acquire and release round trip on a resource nobody else uses. */
  private async probe(): Promise<void> {
    const lease = await this.lock.acquire(this.probeResource, { waitMs: 1_000 });
    await lease.release();
  }
}
