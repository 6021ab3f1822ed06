/** What a claim goes through: made under the item's guard, then settled by the consumer. */
export const claimStatuses = ['pending', 'settled'] as const;

/** One of {@link claimStatuses}. */
export type ClaimStatus = (typeof claimStatuses)[number];

/** Units of one item taken by one request. */
export interface Claim {
  readonly claimId: string;
  readonly itemId: string;
  /** Who made it: the subject of the customer token, its only reader. */
  readonly claimantId: string;
  readonly quantity: number;
  readonly status: ClaimStatus;
  readonly createdAt: Date;
  /** When the consumer settled it; null while pending. */
  readonly settledAt: Date | null;
}

/** The most units one claim may take. */
export const maxClaimQuantity = 100;
