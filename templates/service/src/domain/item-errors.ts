import { DomainError } from '@lockstep/service-kit';

/**
 * Every code acme-widgets refuses a request with. Nothing here knows HTTP:
 * http/error-table.ts gives each code its status, in one place.
 */
export const ItemErrorCode = {
  /** POST /items with an id that exists already. */
  ItemExists: 'ITEM_EXISTS',
  /** The item does not exist. */
  ItemNotFound: 'ITEM_NOT_FOUND',
  /** The claim does not exist. */
  ClaimNotFound: 'CLAIM_NOT_FOUND',
  /** The claim asks for more units than the item has left; nothing was claimed. */
  ItemExhausted: 'ITEM_EXHAUSTED',
  /** The item's guard stayed taken for the whole wait (or CAS kept losing): retry shortly. */
  ItemBusy: 'ITEM_BUSY',
  /** A newer writer of the item wrote first: this (stale) writer's write was refused (the kit's fenceRejected). */
  FenceRejected: 'FENCE_REJECTED',
} as const;

/** ITEM_EXISTS. */
export function itemExists(itemId: string): DomainError {
  return new DomainError(ItemErrorCode.ItemExists, `item ${itemId} already exists`);
}

/** ITEM_NOT_FOUND. */
export function itemNotFound(itemId: string): DomainError {
  return new DomainError(ItemErrorCode.ItemNotFound, `item ${itemId} does not exist`);
}

/** CLAIM_NOT_FOUND. */
export function claimNotFound(claimId: string): DomainError {
  return new DomainError(ItemErrorCode.ClaimNotFound, `claim ${claimId} does not exist`);
}

/** ITEM_EXHAUSTED, saying how many units are left. */
export function itemExhausted(itemId: string, left: number): DomainError {
  return new DomainError(ItemErrorCode.ItemExhausted, `item ${itemId} has ${left} units left`, {
    details: { left },
  });
}
