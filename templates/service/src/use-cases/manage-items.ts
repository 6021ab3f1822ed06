import { findClaim } from '../db/claims.js';
import { findItem, insertItem } from '../db/items.js';
import type { Claim } from '../domain/claim.js';
import type { Item } from '../domain/item.js';
import { claimNotFound, itemExists, itemNotFound } from '../domain/item-errors.js';
import type { ServiceDeps } from './service-deps.js';

/** Creates an item with nothing claimed; ITEM_EXISTS when the id is taken. */
export async function createItem(deps: ServiceDeps, itemId: string, capacity: number) {
  if (!(await insertItem(deps.pool, itemId, capacity))) throw itemExists(itemId);
  return getItem(deps, itemId);
}

/** Reads an item; ITEM_NOT_FOUND when there is none. */
export async function getItem(deps: ServiceDeps, itemId: string): Promise<Item> {
  const item = await findItem(deps.pool, itemId);
  if (!item) throw itemNotFound(itemId);
  return item;
}

/** Reads a claim; CLAIM_NOT_FOUND when there is none. */
export async function getClaim(deps: ServiceDeps, claimId: string): Promise<Claim> {
  const claim = await findClaim(deps.pool, claimId);
  if (!claim) throw claimNotFound(claimId);
  return claim;
}
