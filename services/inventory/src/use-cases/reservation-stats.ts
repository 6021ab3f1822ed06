/**
 * What POST /orders did on one replica since start, for tests and the benchmark to see that
 * batching and the sold-out fast path really happen. Plain counters, never reset.
 */
export interface ReservationStats {
  /** Times the order path held a SKU lock (one per batch; one per order with coalescing off). */
  lockAcquisitions: number;
  /** Orders served under those acquisitions (reserved, sold out or failed alone). */
  batchedOrders: number;
  /** Most orders one acquisition served. */
  maxBatchSize: number;
  /** Orders answered SOLD_OUT from memory: no lock and no database read. */
  soldOutFastPath: number;
  /** Orders dropped from a queue because their client went away first. */
  cancelledWhileQueued: number;
  /** Orders refused because their SKU's queue was full. */
  queueFull: number;
}

/** All counters at zero. */
export function emptyReservationStats(): ReservationStats {
  return {
    lockAcquisitions: 0,
    batchedOrders: 0,
    maxBatchSize: 0,
    soldOutFastPath: 0,
    cancelledWhileQueued: 0,
    queueFull: 0,
  };
}
