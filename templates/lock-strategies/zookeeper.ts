import { ZooKeeperLock } from '@lockstep/locks';
import { envInteger } from '@lockstep/service-kit';
import { z } from 'zod';
import type { GuardWiring, ItemGuard } from './use-cases/item-guard.js';
import { itemLockWait, lockedItemGuard } from './use-cases/locked-item-guard.js';

/** The item locks' settings (ZooKeeper), spread into config.ts's schema. */
export const lockSettings = {
  ...itemLockWait,
  ZOOKEEPER_CONNECT: z
    .string()
    .min(1)
    .default('127.0.0.1:2191')
    .describe("ZooKeeper connection string of the item locks; default the local stack's."),
  ZOOKEEPER_SESSION_TIMEOUT_MS: envInteger({ min: 2_000, max: 60_000 })
    .default(10_000)
    .describe('ZooKeeper session timeout: how long a crashed holder keeps its item locked.'),
};

/** Item locks on ZooKeeper, each write fenced by the lock node's czxid. */
export function createItemGuard(
  config: z.output<z.ZodObject<typeof lockSettings>> & { INSTANCE_ID: string },
  wiring: GuardWiring,
): ItemGuard {
  return lockedItemGuard(wiring, {
    strategy: 'zookeeper',
    instanceId: config.INSTANCE_ID,
    waitMs: config.ITEM_LOCK_WAIT_MS,
    create: () =>
      new ZooKeeperLock({
        connectionString: config.ZOOKEEPER_CONNECT,
        sessionTimeoutMs: config.ZOOKEEPER_SESSION_TIMEOUT_MS,
      }),
  });
}
