/** How pending orders back off between assignment attempts. */
export interface RetrySchedule {
  /** Delay before the first retry, in ms; doubled per failed attempt. */
  baseDelayMs: number;
  /** Cap on one delay, in ms. */
  maxDelayMs: number;
}

/**
 * Delay before the next try of a pending order that has failed `attempts` times: exponential,
 * capped, with ±25 % jitter so the pending orders of one burst do not all come due in the same
 * round of both replicas. `random` is injectable for tests.
 */
export function pendingRetryDelayMs(
  attempts: number,
  schedule: RetrySchedule,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(attempts, 1) - 1, 30);
  const capped = Math.min(schedule.maxDelayMs, schedule.baseDelayMs * 2 ** exponent);
  return Math.round(capped * (0.75 + random() * 0.5));
}
