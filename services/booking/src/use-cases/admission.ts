import {
  EtcdSemaphore,
  isLockError,
  LockErrorCode,
  LockUnavailableError,
  type ManagedLease,
} from '@lockstep/locks';
import type { Component, Logger } from '@lockstep/service-kit';
import { admissionFull } from '../domain/booking-errors.js';

/** Options for {@link AdmissionGate}. */
export interface AdmissionGateOptions {
  /** etcd client URLs; the gate keeps its own connection (and its own sessions). */
  endpoints: string[];
  /** The semaphore's name; every replica of one deployment shares it. */
  name: string;
  /** How many attempts may be in flight at once, across replicas (every replica must agree). */
  permits: number;
  /** TTL of a permit's etcd lease, in ms: how long a crashed replica's permits stay taken. */
  permitTtlMs: number;
  /** What ADMISSION_FULL puts in Retry-After, in seconds. */
  retryAfterSeconds: number;
}

/** What the gate has done on this replica; for tests and logs. */
export interface AdmissionStats {
  admitted: number;
  rejected: number;
}

/**
 * Admission control for the rush: at most `permits` booking attempts in flight across every
 * replica, counted by one etcd semaphore. A permit is tried once (waitMs 0): over capacity
 * the caller hears ADMISSION_FULL with Retry-After at once, instead of queueing for seat
 * locks it would most likely lose. The permit is released when the attempt ends.
 *
 * The gate protects capacity, not data: seats are guarded by their own locks and fences, so a
 * permit lost mid-attempt (its signal is not watched) only means one attempt too many ran.
 * Any other lock error (etcd unreachable) passes through, answered as the seat locks' would be.
 *
 * A runtime component: start opens the semaphore, stop (after the entry points stopped)
 * revokes its sessions, which frees any permit still held.
 */
export class AdmissionGate implements Component {
  readonly name = 'admission';
  private readonly log: Logger;
  private readonly counters: AdmissionStats = { admitted: 0, rejected: 0 };
  private semaphore: EtcdSemaphore | undefined;

  constructor(
    private readonly options: AdmissionGateOptions,
    logger: Logger,
  ) {
    this.log = logger.child({ component: 'admission' });
  }

  /** Counters since start; live, read-only. */
  get stats(): Readonly<AdmissionStats> {
    return this.counters;
  }

  start(): void {
    this.semaphore ??= new EtcdSemaphore({
      endpoints: this.options.endpoints,
      name: this.options.name,
      permits: this.options.permits,
    });
  }

  async stop(): Promise<void> {
    const semaphore = this.semaphore;
    this.semaphore = undefined;
    await semaphore?.close();
  }

  /** Runs `work` holding one permit; ADMISSION_FULL when none is free. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    const permit = await this.takePermit();
    this.counters.admitted += 1;
    try {
      return await work();
    } finally {
      await permit.release().catch((error: unknown) => {
        // Safe to leave: an unconfirmed release is retried by the session, and the permit
        // ends with its lease at the latest.
        this.log.warn({ err: error }, 'admission permit release unconfirmed');
      });
    }
  }

  private async takePermit(): Promise<ManagedLease> {
    const semaphore = this.semaphore;
    if (semaphore === undefined) {
      throw new LockUnavailableError('the admission gate is not started', {
        resource: `semaphore:${this.options.name}`,
      });
    }
    try {
      return await semaphore.acquire({ waitMs: 0, ttlMs: this.options.permitTtlMs });
    } catch (error) {
      if (!isLockError(error, LockErrorCode.Contended)) throw error;
      this.counters.rejected += 1;
      throw admissionFull(this.options.retryAfterSeconds, error);
    }
  }
}
