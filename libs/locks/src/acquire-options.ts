/**
 * One set of rules for acquire and campaign options, shared by every backend, so a value one
 * backend accepts is never refused by another (and the contract suite can hold them all to it).
 */
import { LockInvalidArgumentError } from './errors/index.js';
import type { AcquireOptions } from './lock.js';

/** Acquire options after defaults and validation. */
export interface ResolvedAcquire {
  ttlMs: number;
  waitMs: number;
  signal: AbortSignal | undefined;
}

/** A resource or election name: a non-empty string. */
export function checkResource(resource: unknown, what = 'resource'): string {
  if (typeof resource !== 'string' || resource === '') {
    throw new LockInvalidArgumentError(`${what} must be a non-empty string`);
  }
  return resource;
}

/** A TTL: a positive, finite number of ms (a lease must end if its holder dies). */
export function checkTtlMs(ttlMs: number): number {
  if (typeof ttlMs !== 'number' || !Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new LockInvalidArgumentError(`ttlMs must be a positive finite number, got ${ttlMs}`);
  }
  return ttlMs;
}

/** A wait: ms >= 0, where 0 tries once and Infinity waits until granted or cancelled. */
export function checkWaitMs(waitMs: number): number {
  if (typeof waitMs !== 'number' || Number.isNaN(waitMs) || waitMs < 0) {
    throw new LockInvalidArgumentError(
      `waitMs must be >= 0 (Infinity waits forever), got ${waitMs}`,
    );
  }
  return waitMs;
}

/** Applies `defaults` and validates, before anything touches a backend. */
export function resolveAcquireOptions(
  resource: unknown,
  options: AcquireOptions,
  defaults: { ttlMs: number; waitMs: number },
): ResolvedAcquire {
  checkResource(resource);
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw new LockInvalidArgumentError('signal must be an AbortSignal');
  }
  return {
    ttlMs: checkTtlMs(options.ttlMs ?? defaults.ttlMs),
    waitMs: checkWaitMs(options.waitMs ?? defaults.waitMs),
    signal: options.signal,
  };
}
