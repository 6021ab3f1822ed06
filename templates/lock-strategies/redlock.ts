import { RedlockLock } from '@lockstep/locks';
import { envInteger, envList } from '@lockstep/service-kit';
import type { z } from 'zod';
import type { GuardWiring, ItemGuard } from './use-cases/item-guard.js';
import { itemLockWait, lockedItemGuard } from './use-cases/locked-item-guard.js';

/** The item locks' settings (Redlock over independent Redis nodes), spread into config.ts's. */
export const lockSettings = {
  ...itemLockWait,
  REDIS_NODES: envList()
    .default(['127.0.0.1:6391', '127.0.0.1:6392', '127.0.0.1:6393'])
    .describe(
      "Comma-separated independent Redis nodes of the item locks; default the local stack's.",
    ),
  ITEM_LOCK_TTL_MS: envInteger({ min: 100, max: 60_000 })
    .default(10_000)
    .describe('Item lock TTL: how long a crashed holder keeps its item locked.'),
};

/** Item locks on Redlock: no token, so each write is fenced by the row's version instead. */
export function createItemGuard(
  config: z.output<z.ZodObject<typeof lockSettings>> & { INSTANCE_ID: string },
  wiring: GuardWiring,
): ItemGuard {
  return lockedItemGuard(wiring, {
    strategy: 'redlock',
    instanceId: config.INSTANCE_ID,
    waitMs: config.ITEM_LOCK_WAIT_MS,
    create: () =>
      new RedlockLock({ nodes: config.REDIS_NODES, defaultTtlMs: config.ITEM_LOCK_TTL_MS }),
  });
}
