import { performance } from 'node:perf_hooks';

/**
 * Sub-millisecond wall-clock time, comparable across the bench's processes on one machine:
 * each process's monotonic clock offset by its own start time. Only the bench orders events
 * of different processes by it; locks never use the wall clock.
 */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}
