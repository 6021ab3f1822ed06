import { checkTtlMs, checkWaitMs } from '../acquire-options.js';
import { LockInvalidArgumentError } from '../errors/index.js';
import type { LockStrategy } from '../lock.js';
import { DEFAULT_KEY_PREFIX } from './scripts.js';

/** Tuning shared by {@link RedlockLock} and {@link RedisLock}; every field has a default. */
export interface RedisLockTuning {
  /** Lease TTL when acquire() names none, in ms (default 10 000). */
  defaultTtlMs?: number;
  /** Wait when acquire() names none, in ms (default 10 000). */
  defaultWaitMs?: number;
  /** Clock drift allowed per ms of TTL (default 0.01); 2 ms are always added on top. */
  driftFactor?: number;
  /** A grant with less validity left is released and not returned (default: a tenth of the TTL). */
  minValidityMs?: number;
  /** How long one node may take to answer before it counts as not answering (default 250 ms). */
  nodeTimeoutMs?: number;
  /** How long connecting to one node may take (default 2 000 ms). */
  connectTimeoutMs?: number;
  /** Fallback poll while waiting, if a release notification is missed (default 100 ms, jittered). */
  pollIntervalMs?: number;
  /** Attempts repeated when no quorum answered, before LOCK_UNAVAILABLE (default 2). */
  unavailableRetries?: number;
  /** Prefix of every key and channel (default 'lockstep:'). */
  keyPrefix?: string;
}

/** {@link RedisLockTuning} validated, with defaults filled in and the TTL-derived rules. */
export class ResolvedTuning {
  readonly defaultTtlMs: number;
  readonly defaultWaitMs: number;
  readonly nodeTimeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly pollIntervalMs: number;
  readonly unavailableRetries: number;
  readonly keyPrefix: string;
  private readonly driftFactor: number;
  private readonly minValidityMs: number | undefined;

  constructor(strategy: LockStrategy, addresses: readonly string[], tuning: RedisLockTuning) {
    if (addresses.length === 0) {
      throw new LockInvalidArgumentError(`${strategy}: no Redis nodes given`);
    }
    if (new Set(addresses).size !== addresses.length) {
      // Two entries for one node would let it vote twice and fake a majority.
      throw new LockInvalidArgumentError(`${strategy}: the same Redis node is listed twice`);
    }
    this.defaultTtlMs = positive('defaultTtlMs', tuning.defaultTtlMs ?? 10_000);
    this.defaultWaitMs = checkWaitMs(tuning.defaultWaitMs ?? 10_000);
    this.nodeTimeoutMs = positive('nodeTimeoutMs', tuning.nodeTimeoutMs ?? 250);
    this.connectTimeoutMs = positive('connectTimeoutMs', tuning.connectTimeoutMs ?? 2_000);
    this.pollIntervalMs = positive('pollIntervalMs', tuning.pollIntervalMs ?? 100);
    this.unavailableRetries = nonNegative('unavailableRetries', tuning.unavailableRetries ?? 2);
    this.keyPrefix = tuning.keyPrefix ?? DEFAULT_KEY_PREFIX;
    this.driftFactor = nonNegative('driftFactor', tuning.driftFactor ?? 0.01);
    this.minValidityMs =
      tuning.minValidityMs === undefined
        ? undefined
        : nonNegative('minValidityMs', tuning.minValidityMs);
  }

  /** Validates an acquire's or extend's TTL: whole ms, with validity left after drift and minimum. */
  ttl(value: number): number {
    const ttlMs = Math.ceil(checkTtlMs(value));
    if (ttlMs - this.driftMs(ttlMs) <= this.minValidity(ttlMs)) {
      throw new LockInvalidArgumentError(
        `ttlMs ${ttlMs} leaves no validity after drift and minimum`,
      );
    }
    return ttlMs;
  }

  /** The defaults an acquire's options fall back on. */
  get defaults(): { ttlMs: number; waitMs: number } {
    return { ttlMs: this.defaultTtlMs, waitMs: this.defaultWaitMs };
  }

  /** Clock drift allowed for a TTL: a fraction of it, plus 2 ms for timer granularity. */
  driftMs(ttlMs: number): number {
    return ttlMs * this.driftFactor + 2;
  }

  /** Validity a fresh grant or renewal must still have to count. */
  minValidity(ttlMs: number): number {
    return this.minValidityMs ?? ttlMs / 10;
  }
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new LockInvalidArgumentError(`${name} must be a number > 0`);
  }
  return value;
}

function nonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) {
    throw new LockInvalidArgumentError(`${name} must be a number >= 0`);
  }
  return value;
}
