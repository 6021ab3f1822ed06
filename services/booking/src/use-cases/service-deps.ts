import type pg from 'pg';
import type { AdmissionGate } from './admission.js';
import type { SeatLocks } from './seat-locks.js';

/** What booking's use cases need from the running service. */
export interface ServiceDeps {
  /** The service's database. */
  readonly pool: pg.Pool;
  /** Seat locks (etcd) and the fenced seat write. */
  readonly seatLocks: SeatLocks;
  /** The etcd semaphore that admits booking attempts. */
  readonly admission: AdmissionGate;
  /** Tells the outbox relay a commit just enqueued events, so it publishes without waiting. */
  readonly wakeRelay: () => void;
  /** How long POST /bookings waits for all its seat locks together, in ms. */
  readonly requestLockWaitMs: number;
  /** How long the consumer and the sweeper wait for seat locks, in ms. */
  readonly backgroundLockWaitMs: number;
  /** How long a booking holds its seats while the payment runs, in ms. */
  readonly holdTtlMs: number;
}
