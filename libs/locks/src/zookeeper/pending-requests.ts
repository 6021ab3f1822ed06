import { monotonicNow } from '../clock.js';
import { LockUnavailableError } from '../errors/index.js';
import { isServerAnswer } from './zookeeper-error.js';

/** What a request's callback reports: an error, or a value. */
export type Done<T> = (error: unknown, value?: T) => void;

/** Called when a request answers after its timeout already failed the caller. */
export type LateAnswer<T> = (error: unknown, value: T | undefined) => void;

/** A request in flight, until answered, timed out or failed by the end of the session. */
interface PendingRequest {
  op: string;
  path: string;
  expiresAt: number;
  reject(error: unknown): void;
}

/**
 * Promisified requests with a timeout each. node-zookeeper-client queues requests while
 * disconnected and never times them out, and after an expiry it never answers them at all, so
 * every request here is failed after `timeoutMs`, or at once by failAll(). One sweep timer
 * serves all requests rather than a timer each (this is the hot path of every lock).
 */
export class PendingRequests {
  private readonly pending = new Set<PendingRequest>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly timeoutMs: number,
    /** Told when the server answered a request sent at `sentAt` (the session was alive). */
    private readonly onAnswer: (sentAt: number) => void,
  ) {
    this.sweeper = setInterval(() => this.sweep(), Math.max(20, timeoutMs / 10));
    this.sweeper.unref();
  }

  /** Sends a request through `send` and settles with its answer, or fails on timeout. */
  run<T>(
    op: string,
    path: string,
    send: (done: Done<T>) => void,
    onLate?: LateAnswer<T>,
  ): Promise<T> {
    const sentAt = monotonicNow();
    return new Promise<T>((resolve, reject) => {
      const pending: PendingRequest = { op, path, expiresAt: sentAt + this.timeoutMs, reject };
      this.pending.add(pending);
      const answer: Done<T> = (error, value) => {
        // Already failed by the timeout sweep or by failAll().
        if (!this.pending.delete(pending)) {
          onLate?.(error, value);
          return;
        }
        if (isServerAnswer(error)) this.onAnswer(sentAt);
        if (error) reject(error);
        else resolve(value as T);
      };
      try {
        send(answer);
      } catch (error) {
        // The client validates paths and arguments synchronously.
        this.fail(pending, error);
      }
    });
  }

  /** Fails every request in flight with `reason` and stops the sweep. */
  failAll(reason: unknown): void {
    clearInterval(this.sweeper);
    for (const pending of [...this.pending]) this.fail(pending, reason);
  }

  private fail(pending: PendingRequest, error: unknown): void {
    if (this.pending.delete(pending)) pending.reject(error);
  }

  private sweep(): void {
    const now = monotonicNow();
    for (const pending of this.pending) {
      if (now >= pending.expiresAt) {
        const { op, path } = pending;
        const message = `ZooKeeper did not answer ${op} ${path} within ${this.timeoutMs} ms`;
        this.fail(pending, new LockUnavailableError(message));
      }
    }
  }
}
