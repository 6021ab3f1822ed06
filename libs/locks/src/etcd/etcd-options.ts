import type { Etcd3 } from 'etcd3';
import { LockInvalidArgumentError } from '../errors/index.js';

/** How an etcd-backed class reaches etcd: its own client built from `endpoints`, or the caller's. */
export interface EtcdConnectionOptions {
  /** etcd client URLs (`http://host:port`); required unless `client` is given. */
  endpoints?: string | string[];
  /**
   * An existing client to share; close() leaves it open. Build it with {@link createEtcdClient}
   * so a down server fails fast instead of hanging in etcd3's default retries.
   */
  client?: Etcd3;
  /** Timeout of every unary request and keepalive, in ms (default 2000). Bounds fail-fast. */
  requestTimeoutMs?: number;
  /**
   * Subtracted from every lease deadline: client/server clock-rate drift plus a margin, in ms.
   * Default: 1% of the session TTL plus 10 ms.
   */
  safetyMarginMs?: number;
}

/** Options shared by the lock, the semaphore and the election. */
export interface EtcdRecipeOptions extends EtcdConnectionOptions {
  /** Key prefix all keys of this recipe live under; must end with '/'. */
  prefix?: string;
  /**
   * Default TTL in ms. etcd leases have whole seconds (rounded up) and a server minimum (2 s
   * with default raft timings); leases of one TTL share one session kept alive every TTL/3.
   */
  defaultTtlMs?: number;
  /** Default wait in ms when acquire() is called without `waitMs` (0 tries once). */
  defaultWaitMs?: number;
}

/** Default request timeout: long enough for a loaded etcd, short enough to fail fast. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 2_000;

/** Validates a prefix: keys are `<prefix><name>/<id>`, so it must end in '/'. */
export function checkPrefix(prefix: string): string {
  if (!prefix.endsWith('/'))
    throw new LockInvalidArgumentError(`etcd prefix must end with '/', got "${prefix}"`);
  return prefix;
}

/**
 * Encodes a resource as one key segment: '/' inside a name would otherwise put `a/b`'s keys
 * under `a`'s prefix and make them compete in `a`'s queue.
 */
export function keySegment(name: string): string {
  return encodeURIComponent(name);
}

/** Whole seconds etcd is asked for: `ttlMs` rounded up, at least 1. */
export function ttlSeconds(ttlMs: number): number {
  return Math.max(1, Math.ceil(ttlMs / 1000));
}
