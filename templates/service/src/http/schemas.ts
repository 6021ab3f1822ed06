import { identifier } from '@lockstep/service-kit';
import { z } from 'zod';
import { type Claim, claimStatuses, maxClaimQuantity } from '../domain/claim.js';
import { type Item, maxCapacity } from '../domain/item.js';

/** An item id: part of its lock resource and its URLs, so short and plain. */
export const itemId = identifier({
  max: 64,
  pattern: /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
  patternMessage: 'expected 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit',
}).describe('Item id, e.g. "blue-widget".');

/** POST /items. */
export const createItemBody = z.strictObject({
  itemId,
  capacity: z.number().int().min(1).max(maxCapacity).describe('Units that can ever be claimed.'),
});

/** `/items/:itemId`. */
export const itemParams = z.strictObject({ itemId });

/** POST /items/:itemId/claims. */
export const claimBody = z.strictObject({
  quantity: z.number().int().min(1).max(maxClaimQuantity).describe('Units to claim.'),
});

/** `/claims/:claimId`. */
export const claimParams = z.strictObject({ claimId: z.uuid() });

/** An item as the API shows it. */
export const itemView = z.object({
  itemId: z.string(),
  capacity: z.number().int(),
  claimed: z.number().int(),
  settled: z.number().int().describe('Claimed units whose claim is settled.'),
});

/** A claim as the API shows it. */
export const claimView = z.object({
  claimId: z.string(),
  itemId: z.string(),
  claimantId: z.string().describe("The customer token's subject that made it."),
  quantity: z.number().int(),
  status: z.enum(claimStatuses),
  createdAt: z.string(),
  settledAt: z.string().nullable(),
});

/** An item without its fence, which is storage's business. */
export function toItemView({ itemId, capacity, claimed, settled }: Item): z.infer<typeof itemView> {
  return { itemId, capacity, claimed, settled };
}

/** A claim with its times in ISO 8601. */
export function toClaimView(claim: Claim): z.infer<typeof claimView> {
  return {
    ...claim,
    createdAt: claim.createdAt.toISOString(),
    settledAt: claim.settledAt?.toISOString() ?? null,
  };
}
