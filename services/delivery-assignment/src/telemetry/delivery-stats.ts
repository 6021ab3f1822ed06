/**
 * What one replica has done since it started; live counters for tests and, later, metrics.
 * The CAS counters are what the two-replica test reads to prove that claims really raced.
 * Counts are taken when a write is made, before its transaction commits, so a transaction that
 * later rolls back (and is retried) can count twice: read them as activity, not as state.
 */
export interface DeliveryStats {
  /** Compare-and-swap writes attempted on partner rows (claims, releases, moves). */
  casAttempts: number;
  /** Attempts that found the partner's version changed by a concurrent writer. */
  casConflicts: number;
  /** CAS loops that lost every attempt (the claim moved on to the next candidate). */
  casExhausted: number;
  /** Claims refused because the partner was full when read. */
  partnersFull: number;
  /** Orders assigned to a partner (first try or retry). */
  assigned: number;
  /** Orders that became pending because no candidate could take them. */
  pended: number;
  /** Pending orders the retry loop assigned. */
  retriedAssigned: number;
  /** Retry attempts that still found no partner. */
  retriedStillPending: number;
  /** order.confirmed events for orders already assigned or pending (no effect). */
  alreadyKnown: number;
  /** order.confirmed events outside the service area (no partner within the radius). */
  outsideServiceArea: number;
}

/** A zeroed {@link DeliveryStats}. */
export function createDeliveryStats(): DeliveryStats {
  return {
    casAttempts: 0,
    casConflicts: 0,
    casExhausted: 0,
    partnersFull: 0,
    assigned: 0,
    pended: 0,
    retriedAssigned: 0,
    retriedStillPending: 0,
    alreadyKnown: 0,
    outsideServiceArea: 0,
  };
}
