import type { ErrorTranslation } from '@lockstep/service-kit';
import { ItemErrorCode } from '../domain/item-errors.js';

/**
 * How acme-widgets' errors are answered over HTTP: the one place its codes meet statuses. Lock
 * outcomes are the kit's (translate-errors.ts): contention 429 with the code below, a lock
 * backend down, a lost lease or a cancelled wait 503.
 */
export const errorTable: ErrorTranslation = {
  domain: {
    [ItemErrorCode.ItemExists]: 409,
    [ItemErrorCode.ItemNotFound]: 404,
    [ItemErrorCode.ClaimNotFound]: 404,
    [ItemErrorCode.ItemExhausted]: 409,
    // A stale writer wrote nothing, so the same request may be retried.
    [ItemErrorCode.FenceRejected]: 503,
  },
  contended: { code: ItemErrorCode.ItemBusy },
};
