import { randomUUID } from 'node:crypto';
import { enqueue } from '@lockstep/events';
import { fenceRejected } from '@lockstep/service-kit';
import { insertClaim } from '../db/claims.js';
import { writeClaimed } from '../db/items.js';
import type { Claim } from '../domain/claim.js';
import { claimUnits } from '../domain/item.js';
import { itemClaimed } from '../domain/item-events.js';
import { itemRows } from './item-guard.js';
import type { ServiceDeps } from './service-deps.js';

/**
 * Claims `quantity` units of an item for `claimantId` under its guard, in one transaction: the item read, the
 * capacity checked (ITEM_EXHAUSTED), its claimed count written fenced (FENCE_REJECTED when a
 * newer writer got there first), the claim, and item.claimed in the outbox. Either all of it
 * commits or none; the relay publishes the event after the commit, and the consumer settles
 * the claim.
 */
export async function claimItem(
  deps: ServiceDeps,
  itemId: string,
  claimantId: string,
  quantity: number,
): Promise<Claim> {
  const claim = await deps.itemGuard.update(itemId, async (tx, item, fence) => {
    if (!(await writeClaimed(tx, itemId, claimUnits(item, quantity), fence))) {
      throw fenceRejected(itemRows.resource(itemId), fence);
    }
    const made = await insertClaim(tx, { claimId: randomUUID(), itemId, claimantId, quantity });
    await enqueue(tx, itemClaimed, { claimId: made.claimId, itemId, quantity });
    return made;
  });
  deps.wakeRelay();
  return claim;
}
