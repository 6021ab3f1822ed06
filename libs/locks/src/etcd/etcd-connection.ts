import { Etcd3, type IOptions } from 'etcd3';
import {
  isLockError,
  LockErrorCode,
  LockInvalidArgumentError,
  LockUnavailableError,
} from '../errors/index.js';
import {
  DEFAULT_REQUEST_TIMEOUT_MS,
  type EtcdConnectionOptions,
  ttlSeconds,
} from './etcd-options.js';
import { EtcdSession } from './etcd-session.js';
import { WatchStreamAnchor } from './watch-stream-anchor.js';

type FaultHandling = NonNullable<IOptions['faultHandling']>;
type Policy = NonNullable<FaultHandling['global']>;
type Backoff = NonNullable<FaultHandling['watchBackoff']>;

const noEvent = () => ({ dispose: () => undefined });

/**
 * Runs each call once. etcd3's defaults retry three times and open a per-host circuit breaker
 * for 5 s after three failures: a down server then hangs acquires, and a server that is back
 * keeps failing. We decide retries ourselves, bounded by the caller's wait.
 */
const runOnce: Policy = {
  _altReturn: undefined as never,
  onSuccess: noEvent,
  onFailure: noEvent,
  execute: async (fn, signal) => fn({ signal: signal ?? new AbortController().signal }),
};

/** Watch streams reconnect every 250 ms instead of etcd3's exponential backoff (up to 30 s). */
const watchRetry: Backoff = {
  duration: 250,
  next: () => watchRetry,
};

/**
 * An etcd3 client that fails fast: every unary call has a deadline, no hidden retries, and
 * gRPC reconnects within a second once the server is back.
 */
export function createEtcdClient(
  endpoints: string | string[],
  requestTimeoutMs: number = DEFAULT_REQUEST_TIMEOUT_MS,
): Etcd3 {
  return new Etcd3({
    hosts: endpoints,
    // No dialTimeout: etcd3 1.1.2 ignores it. The call deadline below bounds connecting too.
    defaultCallOptions: (context) =>
      context.isStream ? {} : { deadline: Date.now() + requestTimeoutMs },
    faultHandling: { host: () => runOnce, global: runOnce, watchBackoff: watchRetry },
    grpcOptions: {
      'grpc.initial_reconnect_backoff_ms': 100,
      'grpc.max_reconnect_backoff_ms': 1_000,
    },
  });
}

/** Turns anything a backend call threw into a LockError: LockErrors pass, the rest is a fault. */
export function toLockError(error: unknown, resource: string): Error {
  if (isLockError(error)) return error;
  return new LockUnavailableError(`etcd did not answer for "${resource}"`, {
    resource,
    cause: error,
  });
}

/**
 * The client plus this recipe's sessions, one per TTL in whole seconds: an etcd lease has one
 * TTL, so locks asking for 2 s and 30 s cannot share one without one of them lying.
 */
export class EtcdConnection {
  /** The etcd3 client every call goes through. */
  readonly client: Etcd3;
  /** Timeout of unary calls, in ms. */
  readonly requestTimeoutMs: number;
  /** Keeps the client's watch stream open between waits; hold() it before watching. */
  readonly watchStream: WatchStreamAnchor;

  private readonly ownsClient: boolean;
  private readonly safetyMarginMs: number | undefined;
  private readonly sessions = new Map<number, Promise<EtcdSession>>();
  private closed = false;

  constructor(options: EtcdConnectionOptions) {
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.safetyMarginMs = options.safetyMarginMs;
    if (options.client) {
      this.client = options.client;
      this.ownsClient = false;
    } else if (options.endpoints !== undefined && options.endpoints.length > 0) {
      this.client = createEtcdClient(options.endpoints, this.requestTimeoutMs);
      this.ownsClient = true;
    } else {
      throw new LockInvalidArgumentError('etcd needs `endpoints` or a `client`');
    }
    this.watchStream = new WatchStreamAnchor(this.client);
  }

  /**
   * A live session for `ttlMs` (rounded up to seconds). A session that ended or missed its
   * deadline is replaced; one that missed a keepalive is refreshed first, so a new lease never
   * starts with a validity the session no longer has. Faults become LockUnavailableError.
   */
  async session(ttlMs: number, resource: string): Promise<EtcdSession> {
    if (this.closed) throw new LockUnavailableError('the etcd client is closed', { resource });
    const seconds = ttlSeconds(ttlMs);
    for (let tries = 0; tries < 3; tries++) {
      let pending = this.sessions.get(seconds);
      if (!pending) {
        pending = EtcdSession.open(this.client, seconds, {
          requestTimeoutMs: this.requestTimeoutMs,
          safetyMarginMs: this.safetyMarginMs,
        });
        this.sessions.set(seconds, pending);
      }
      let session: EtcdSession;
      try {
        session = await pending;
      } catch (error) {
        this.forget(seconds, pending);
        throw toLockError(error, resource);
      }
      if (this.closed) {
        // close() ran while this session was being granted and could not see it.
        await session.close();
        throw new LockUnavailableError('the etcd client is closed', { resource });
      }
      // The loop keeps more than half the TTL left; less means a keepalive went missing.
      if (session.alive && session.remainingMs() < session.ttlMs / 2 - session.safetyMarginMs) {
        try {
          await session.keepAlive();
        } catch (error) {
          // A fault leaves the session standing (its loop keeps trying); a loss falls through.
          if (!isLockError(error, LockErrorCode.Lost)) throw toLockError(error, resource);
        }
      }
      if (session.alive) return session;
      // Ended or past its deadline: retire it and open a new one on the next turn.
      this.forget(seconds, pending);
      void session.close();
    }
    throw new LockUnavailableError(`etcd sessions for "${resource}" keep expiring`, { resource });
  }

  /** Revokes every session (their keys go with them) and closes the client if we created it. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const sessions = [...this.sessions.values()];
    this.sessions.clear();
    await this.watchStream.close();
    await Promise.all(
      sessions.map((pending) =>
        pending.then(
          (s) => s.close(),
          () => undefined,
        ),
      ),
    );
    if (this.ownsClient) this.client.close();
  }

  private forget(seconds: number, pending: Promise<EtcdSession>): void {
    // Someone may already have replaced it with a fresh session; keep that one.
    if (this.sessions.get(seconds) === pending) this.sessions.delete(seconds);
  }
}
