import { monotonicNow } from '../clock.js';
import { LockCancelledError, LockContendedError } from '../errors/index.js';

/** Lets the holder of a turn give it to the next local caller; calling it again does nothing. */
export type LeaveGate = () => void;

/**
 * One turn at a time per resource inside one client, handed over in arrival order. The etcd key
 * of a lock is `<resource>/<session lease id>`, as in the Go client, so two callers of the same
 * client would otherwise share one key and both believe they hold the lock. Local callers queue
 * here and meet remote ones in etcd's queue.
 */
export class LocalGate {
  private readonly queues = new Map<string, Array<(leave: LeaveGate) => void>>();

  /** Whether a local caller currently has the turn for `resource`. */
  busy(resource: string): boolean {
    return this.queues.has(resource);
  }

  /**
   * Takes the turn for `resource`, waiting up to `waitMs` (Infinity: no limit). Rejects with
   * LockContendedError when the wait runs out and LockCancelledError when `signal` aborts.
   */
  enter(resource: string, waitMs: number, signal?: AbortSignal): Promise<LeaveGate> {
    const started = monotonicNow();
    if (signal?.aborted) return Promise.reject(new LockCancelledError(resource));
    const queue = this.queues.get(resource);
    if (!queue) {
      this.queues.set(resource, []);
      return Promise.resolve(this.leaver(resource));
    }
    if (waitMs <= 0) return Promise.reject(new LockContendedError(resource, 0));
    return new Promise((resolve, reject) => {
      const cleanup = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        const at = queue.indexOf(turn);
        if (at >= 0) queue.splice(at, 1);
      };
      const turn = (leave: LeaveGate) => {
        cleanup();
        resolve(leave);
      };
      const onAbort = () => {
        cleanup();
        reject(new LockCancelledError(resource));
      };
      const timer = Number.isFinite(waitMs)
        ? setTimeout(() => {
            cleanup();
            reject(new LockContendedError(resource, monotonicNow() - started));
          }, waitMs)
        : undefined;
      queue.push(turn);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private leaver(resource: string): LeaveGate {
    let left = false;
    return () => {
      if (left) return;
      left = true;
      const queue = this.queues.get(resource);
      const next = queue?.shift();
      if (next) next(this.leaver(resource));
      else this.queues.delete(resource);
    };
  }
}
