import type { ErrorTranslation } from '@lockstep/service-kit';
import { InventoryErrorCode as Code, type InventoryErrorCode } from '../domain/inventory-errors.js';
import { skuOfResource } from '../use-cases/sku-locks.js';

/** The HTTP status of every inventory refusal; a code missing here fails to compile. */
export const domainStatuses = {
  [Code.SkuExists]: 409,
  [Code.SkuNotFound]: 404,
  [Code.OrderNotFound]: 404,
  [Code.SoldOut]: 409,
  [Code.StockLimit]: 409,
  // Nothing was written, and a retry takes the lock afresh: unavailable now, not refused.
  [Code.FenceRejected]: 503,
  [Code.SkuBusy]: 429,
  // The nginx convention: nobody reads it, and a buyer giving up is no fault to alert on.
  [Code.RequestCancelled]: 499,
} as const satisfies Record<InventoryErrorCode, number>;

/**
 * How inventory's errors are answered over HTTP: the only place its codes meet statuses.
 * Lock outcomes are answered by the kit the same way in every service: a SKU lock that stayed
 * taken for the whole wait is 429 SKU_BUSY with Retry-After, an outcome of a flash sale kept
 * out of 5xx alerts and load balancers' outlier ejection; LOCK_UNAVAILABLE, LOCK_LOST and
 * LOCK_CANCELLED are 503, faults that write nothing.
 */
export const errorTable: ErrorTranslation = {
  domain: domainStatuses,
  contended: {
    code: Code.SkuBusy,
    message: (resource) => `SKU ${skuOfResource(resource)} is busy; retry shortly`,
  },
};
