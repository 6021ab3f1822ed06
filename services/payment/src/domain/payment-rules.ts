import type { FailureReason, PaymentStatus, TopUp } from './types.js';

/**
 * Largest balance a wallet may reach by top-ups (10 billion in cents). It keeps every balance
 * far inside JavaScript's exact integer range, so cents read from bigint columns stay exact.
 */
export const maxWalletBalanceCents = 1_000_000_000_000;

/** Whether a wallet can pay, before the gateway is asked. */
export type ChargeDecision = { kind: 'proceed' } | { kind: 'refuse'; reason: FailureReason };

/** A charge proceeds only if the balance covers it; the database re-checks when it books. */
export function decideCharge(balanceCents: number, amountCents: number): ChargeDecision {
  if (balanceCents < amountCents) return { kind: 'refuse', reason: 'insufficient-funds' };
  return { kind: 'proceed' };
}

/** Only a completed payment can be refunded; failed ones took nothing, refunded ones gave it back. */
export function isRefundable(status: PaymentStatus): boolean {
  return status === 'completed';
}

/** Whether a top-up would push the wallet past {@link maxWalletBalanceCents}. */
export function exceedsBalanceLimit(balanceCents: number, amountCents: number): boolean {
  return balanceCents + amountCents > maxWalletBalanceCents;
}

/**
 * Whether a repeated top-up request is the same request as the one stored under its key. A key
 * reused for another wallet or amount is a client bug, refused rather than silently ignored.
 */
export function isSameTopUp(
  stored: Pick<TopUp, 'walletId' | 'amountCents'>,
  request: Pick<TopUp, 'walletId' | 'amountCents'>,
): boolean {
  return stored.walletId === request.walletId && stored.amountCents === request.amountCents;
}
