import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * The Lua scripts of the Redis locks. Each runs atomically on one node, so "is this key still
 * mine?" and the write that depends on the answer can never interleave with another client.
 */

/** Where one resource lives on every node: its lock key, fence counter and release channel. */
export interface RedisLockKeys {
  /** Holds the owner id of the current holder, with the lease TTL as its expiry. */
  lock: string;
  /** Never expires: the single-node INCR fencing counter, so tokens keep growing across holders. */
  fence: string;
  /** The release script publishes here; waiters on this resource subscribe to it. */
  channel: string;
}

/** Default prefix of every key and channel the Redis locks use. */
export const DEFAULT_KEY_PREFIX = 'lockstep:';

/**
 * Separate namespaces per kind, so no resource name can make one resource's fence counter
 * collide with another resource's lock key (`x:fence` vs the fence of `x`).
 */
export function redisLockKeys(resource: string, prefix = DEFAULT_KEY_PREFIX): RedisLockKeys {
  return {
    lock: `${prefix}lock:${resource}`,
    fence: `${prefix}fence:${resource}`,
    channel: `${prefix}released:${resource}`,
  };
}

/** A Lua script sent by EVALSHA, falling back to EVAL once when the node lost its script cache. */
export class LuaScript {
  /** SHA1 of the source, computed locally so the first call needs no SCRIPT LOAD round trip. */
  readonly sha: string;

  constructor(readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  /** Runs the script on one node; a restarted node answers NOSCRIPT and gets the source once. */
  async run(
    client: Redis,
    keys: readonly string[],
    args: ReadonlyArray<string | number>,
  ): Promise<unknown> {
    try {
      return await client.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return client.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}

/**
 * SET NX PX; when the key already holds our owner id (a previous attempt of the same acquire
 * whose reply was lost or whose partial keys could not be released) the grant is renewed
 * instead of refused. With ARGV[3] = '1' the per-resource counter is INCRed in the same
 * script, so the token and the grant are one atomic step (single-node mode).
 * KEYS: lock, fence. ARGV: owner id, ttl ms, '1' to INCR.
 * Returns {1, token or 0} when granted, {0, PTTL of the holder's key} when held.
 */
export const acquireScript = new LuaScript(`
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  if redis.call('GET', KEYS[1]) ~= ARGV[1] then
    return {0, redis.call('PTTL', KEYS[1])}
  end
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
if ARGV[3] == '1' then
  return {1, redis.call('INCR', KEYS[2])}
end
return {1, 0}
`);

/**
 * Compare-and-PEXPIRE: renews only our own key. KEYS: lock. ARGV: owner id, ttl ms.
 * Returns 1 when renewed, 0 when the key is gone or belongs to someone else.
 */
export const extendScript = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
`);

/**
 * Compare-and-delete, then wake this resource's waiters. Publishes only when it deleted, so a
 * stale holder's late release never wakes anyone for a lock that is still held.
 * KEYS: lock. ARGV: owner id, channel. Returns 1 when deleted, 0 when not ours (or gone).
 */
export const releaseScript = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  redis.call('PUBLISH', ARGV[2], '1')
  return 1
end
return 0
`);
