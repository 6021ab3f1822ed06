import { setTimeout as delay } from 'node:timers/promises';
import { localTopology } from '@lockstep/infra-local';
import type { Lease } from '../src/index.ts';
import { RedisLock, RedlockLock } from '../src/redis/index.ts';
import { describeLockContract } from './support/lock-contract.ts';

const nodes = localTopology().redis;

/**
 * A Redis lease is lost the way it is in production: nobody renews it and its TTL runs out.
 * The client's deadline fires first (TTL minus drift, counted from when the grant was sent);
 * the server expires the key at most the drift margin later, so wait that out too.
 */
async function letTtlRunOut(lease: Lease): Promise<void> {
  if (!lease.signal.aborted) {
    await new Promise((resolve) => lease.signal.addEventListener('abort', resolve, { once: true }));
  }
  await delay(50);
}

describeLockContract({
  name: 'redlock (3 nodes)',
  create: async () => new RedlockLock({ nodes }),
  shortTtlMs: 600,
  loseLease: letTtlRunOut,
});

describeLockContract({
  name: 'redis (single node)',
  create: async () => new RedisLock({ node: nodes[0] }),
  shortTtlMs: 600,
  loseLease: letTtlRunOut,
});
