import { RedisLock } from '@lockstep/locks';
import { envInteger } from '@lockstep/service-kit';
import { z } from 'zod';
import type { GuardWiring, ItemGuard } from './use-cases/item-guard.js';
import { itemLockWait, lockedItemGuard } from './use-cases/locked-item-guard.js';

/** The item locks' settings (one Redis node), spread into config.ts's schema. */
export const lockSettings = {
  ...itemLockWait,
  REDIS_NODE: z
    .string()
    .min(1)
    .default('127.0.0.1:6391')
    .describe("The Redis node (`host:port`) of the item locks; default the local stack's first."),
  ITEM_LOCK_TTL_MS: envInteger({ min: 100, max: 60_000 })
    .default(10_000)
    .describe('Item lock TTL: how long a crashed holder keeps its item locked.'),
};

/** Item locks on one Redis node, each write fenced by its INCR token (best effort). */
export function createItemGuard(
  config: z.output<z.ZodObject<typeof lockSettings>> & { INSTANCE_ID: string },
  wiring: GuardWiring,
): ItemGuard {
  return lockedItemGuard(wiring, {
    strategy: 'redis',
    instanceId: config.INSTANCE_ID,
    waitMs: config.ITEM_LOCK_WAIT_MS,
    create: () => new RedisLock({ node: config.REDIS_NODE, defaultTtlMs: config.ITEM_LOCK_TTL_MS }),
  });
}
