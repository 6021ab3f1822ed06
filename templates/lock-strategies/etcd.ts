import { EtcdLock } from '@lockstep/locks';
import { envInteger, envList } from '@lockstep/service-kit';
import type { z } from 'zod';
import type { GuardWiring, ItemGuard } from './use-cases/item-guard.js';
import { itemLockWait, lockedItemGuard } from './use-cases/locked-item-guard.js';

/** The item locks' settings (etcd), spread into config.ts's schema. */
export const lockSettings = {
  ...itemLockWait,
  ETCD_ENDPOINTS: envList()
    .default(['http://127.0.0.1:2389'])
    .describe("Comma-separated etcd client URLs of the item locks; default the local stack's."),
  ITEM_LOCK_TTL_MS: envInteger({ min: 2_000, max: 60_000 })
    .default(10_000)
    .describe('Item lock TTL (etcd lease, whole seconds): how long a crashed holder keeps it.'),
};

/** Item locks on etcd, each write fenced by the lock key's create revision. */
export function createItemGuard(
  config: z.output<z.ZodObject<typeof lockSettings>> & { INSTANCE_ID: string },
  wiring: GuardWiring,
): ItemGuard {
  return lockedItemGuard(wiring, {
    strategy: 'etcd',
    instanceId: config.INSTANCE_ID,
    waitMs: config.ITEM_LOCK_WAIT_MS,
    create: () =>
      new EtcdLock({ endpoints: config.ETCD_ENDPOINTS, defaultTtlMs: config.ITEM_LOCK_TTL_MS }),
  });
}
