import { type EtcdSemaphore, isLockError, LockErrorCode, type ManagedLease } from '@lockstep/locks';
import { type Logger, UnavailableError } from '@lockstep/service-kit';
import { admissionFull } from '../domain/booking-errors.js';

/** Options for {@link AdmissionGate}. */
export interface AdmissionGateOptions {
  /** TTL of a permit's etcd lease, in ms: how long a crashed replica's permits stay taken. */
  permitTtlMs: number;
  /** What 429 ADMISSION_FULL puts in Retry-After, in seconds. */
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
 * the caller hears 429 ADMISSION_FULL with Retry-After at once, instead of queueing for seat
 * locks it would most likely lose. The permit is released when the attempt ends.
 *
 * The gate protects capacity, not data: seats are guarded by their own locks and fences, so a
 * permit lost mid-attempt (its signal is not watched) only means one attempt too many ran.
 * etcd unreachable is 503 LOCK_UNAVAILABLE: the seat locks would fail the same way.
 */
export class AdmissionGate {
  private readonly log: Logger;
  private readonly counters: AdmissionStats = { admitted: 0, rejected: 0 };

  constructor(
    private readonly semaphore: EtcdSemaphore,
    private readonly options: AdmissionGateOptions,
    logger: Logger,
  ) {
    this.log = logger.child({ component: 'admission' });
  }

  /** Counters since start; live, read-only. */
  get stats(): Readonly<AdmissionStats> {
    return this.counters;
  }

  /** Runs `work` holding one permit; 429 ADMISSION_FULL when none is free. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    let permit: ManagedLease;
    try {
      permit = await this.semaphore.acquire({ waitMs: 0, ttlMs: this.options.permitTtlMs });
    } catch (error) {
      if (isLockError(error, LockErrorCode.Contended)) {
        this.counters.rejected += 1;
        throw admissionFull(this.options.retryAfterSeconds, error);
      }
      if (isLockError(error)) {
        throw new UnavailableError('the admission gate is unavailable', {
          code: 'LOCK_UNAVAILABLE',
          retryAfterSeconds: 1,
          cause: error,
        });
      }
      throw error;
    }
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
}
