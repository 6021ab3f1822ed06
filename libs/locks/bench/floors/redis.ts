import { randomBytes } from 'node:crypto';
import { localTopology } from '@lockstep/infra-local';
import { Redis } from 'ioredis';

/**
 * The raw floor of the Redis locks: the round trips one uncontended lock+unlock needs, issued
 * by hand with plain ioredis clients. Lock: `SET key value NX PX ttl` on every node in
 * parallel; unlock: the standard compare-and-delete script by EVALSHA on every node in
 * parallel. No quorum counting, validity check, token, notification or tracing: what the
 * library adds on top is what the benchmark compares against this.
 */
const COMPARE_AND_DELETE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/** Opens one plain client per node (`redis://` URL); default: the shared stack's three nodes. */
export async function createRawFloor(
  nodes: readonly string[] = localTopology().redis,
): Promise<{ lockUnlock(resource: string): Promise<void>; close(): Promise<void> }> {
  const clients = nodes.map((url) => new Redis(url));
  // Loading the script up front keeps the first measured unlock a plain EVALSHA.
  const shas = await Promise.all(
    clients.map((c) => c.script('LOAD', COMPARE_AND_DELETE) as Promise<string>),
  );
  return {
    async lockUnlock(resource: string): Promise<void> {
      const key = `lockstep:floor:${resource}`;
      const value = randomBytes(16).toString('base64url');
      const taken = await Promise.all(clients.map((c) => c.set(key, value, 'PX', 10_000, 'NX')));
      if (taken.some((reply) => reply !== 'OK')) throw new Error(`floor: ${key} was not free`);
      await Promise.all(clients.map((c, i) => c.evalsha(shas[i] as string, 1, key, value)));
    },
    async close(): Promise<void> {
      await Promise.all(clients.map((c) => c.quit()));
    },
  };
}
