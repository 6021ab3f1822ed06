import type { Sql } from '@lockstep/service-kit';
import { markSettled } from '../db/claims.js';
import { addSettled } from '../db/items.js';

/** What settling did: settled it, or nothing (unknown here, or settled already). */
export type SettleResult = 'settled' | 'no-effect';

/**
 * Settles a claim inside the consumer's transaction `tx`, which also records the event as
 * processed. A claim this database does not know changes nothing: the topic is shared by every
 * deployment and test run. A claim settled already changes nothing either, so a duplicate under
 * a new event id is harmless too.
 */
export async function settleClaim(tx: Sql, claimId: string): Promise<SettleResult> {
  const claim = await markSettled(tx, claimId);
  if (!claim) return 'no-effect';
  await addSettled(tx, claim.itemId, claim.quantity);
  return 'settled';
}
