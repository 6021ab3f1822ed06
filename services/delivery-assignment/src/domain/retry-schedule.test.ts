import { describe, expect, it } from 'vitest';
import { pendingRetryDelayMs } from './retry-schedule.js';

const schedule = { baseDelayMs: 1_000, maxDelayMs: 60_000 };
const middle = () => 0.5;

describe('pending-order retry schedule', () => {
  it('doubles per failed attempt from the base delay, up to the cap', () => {
    expect([1, 2, 3, 4, 7, 8, 50].map((n) => pendingRetryDelayMs(n, schedule, middle))).toEqual([
      1_000, 2_000, 4_000, 8_000, 60_000, 60_000, 60_000,
    ]);
  });

  it('jitters by at most a quarter either way', () => {
    expect(pendingRetryDelayMs(3, schedule, () => 0)).toBe(3_000);
    expect(pendingRetryDelayMs(3, schedule, () => 0.999_999)).toBe(5_000);
  });

  it('treats zero or negative attempts as the first', () => {
    expect(pendingRetryDelayMs(0, schedule, middle)).toBe(1_000);
    expect(pendingRetryDelayMs(-3, schedule, middle)).toBe(1_000);
  });
});
