import { describe, expect, it } from 'vitest';
import { pause, retryDelayMs } from './backoff.js';

describe('retry backoff', () => {
  it('doubles the base delay per retry', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, 100, 10_000))).toEqual([
      100, 200, 400, 800,
    ]);
  });

  it('never exceeds the cap, even for absurd attempt counts', () => {
    expect(retryDelayMs(5, 100, 1_000)).toBe(1_000);
    expect(retryDelayMs(10_000, 100, 1_000)).toBe(1_000);
  });

  it('pause resolves false at once when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    expect(await pause(60_000, controller.signal)).toBe(false);
  });

  it('pause resolves false as soon as the signal aborts mid-wait', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const paused = pause(60_000, controller.signal);
    setTimeout(() => controller.abort(), 10);
    expect(await paused).toBe(false);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('pause resolves true when the time runs out', async () => {
    expect(await pause(5, new AbortController().signal)).toBe(true);
  });
});
