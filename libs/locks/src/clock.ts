import { performance } from 'node:perf_hooks';

/**
 * Monotonic milliseconds. Lease deadlines are computed only from this clock: the wall clock
 * can jump (NTP, VM resume) and must never decide whether a lock is still held.
 */
export function monotonicNow(): number {
  return performance.now();
}

/** `ms` spread uniformly over ±`ratio`, so waiters that woke together do not retry together. */
export function jitter(ms: number, ratio = 0.5): number {
  return Math.max(0, ms * (1 - ratio + Math.random() * 2 * ratio));
}

/** A fixed point on the monotonic clock that several steps share (e.g. all locks of a multi-lock). */
export class Deadline {
  private readonly at: number;

  constructor(ms: number) {
    this.at = monotonicNow() + ms;
  }

  /** Milliseconds left, never negative. */
  remaining(): number {
    return Math.max(0, this.at - monotonicNow());
  }

  /** Whether the deadline has passed. */
  expired(): boolean {
    return monotonicNow() >= this.at;
  }
}

/**
 * Resolves after `ms`, or early with `false` when `signal` aborts; never rejects. Callers decide
 * what an abort means (cancelled vs woken), so waking is not an exception.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
