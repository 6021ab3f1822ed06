import type { z } from 'zod';
import { CasItemGuard, casAttempts } from './use-cases/cas-item-guard.js';
import type { GuardWiring, ItemGuard } from './use-cases/item-guard.js';

/** The item guard's settings (optimistic CAS, no lock server), spread into config.ts's schema. */
export const lockSettings = { ...casAttempts };

/** Optimistic CAS on the item row: its version is the fence. */
export function createItemGuard(
  config: z.output<z.ZodObject<typeof lockSettings>>,
  wiring: GuardWiring,
): ItemGuard {
  return new CasItemGuard(wiring.pool, config.CAS_MAX_ATTEMPTS);
}
