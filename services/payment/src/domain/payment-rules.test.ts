import { describe, expect, it } from 'vitest';
import {
  decideCharge,
  exceedsBalanceLimit,
  isRefundable,
  isSameTopUp,
  maxWalletBalanceCents,
} from './payment-rules.js';

describe('payment rules', () => {
  it('a charge proceeds when the balance covers it exactly and is refused one cent short', () => {
    expect(decideCharge(500, 500)).toEqual({ kind: 'proceed' });
    expect(decideCharge(499, 500)).toEqual({ kind: 'refuse', reason: 'insufficient-funds' });
  });

  it('only completed payments are refundable', () => {
    expect(isRefundable('completed')).toBe(true);
    expect(isRefundable('failed')).toBe(false);
    expect(isRefundable('refunded')).toBe(false);
  });

  it('a top-up may reach the balance cap but not pass it', () => {
    expect(exceedsBalanceLimit(maxWalletBalanceCents - 10, 10)).toBe(false);
    expect(exceedsBalanceLimit(maxWalletBalanceCents - 10, 11)).toBe(true);
    expect(Number.isSafeInteger(maxWalletBalanceCents + 100_000_000)).toBe(true);
  });

  it('a repeated top-up matches only with the same wallet and amount', () => {
    const stored = { walletId: 'w1', amountCents: 10 };
    expect(isSameTopUp(stored, { walletId: 'w1', amountCents: 10 })).toBe(true);
    expect(isSameTopUp(stored, { walletId: 'w1', amountCents: 11 })).toBe(false);
    expect(isSameTopUp(stored, { walletId: 'w2', amountCents: 10 })).toBe(false);
  });
});
