import { describe, expect, it } from 'vitest';
import {
  bankAccount,
  chargeEntries,
  merchantAccount,
  openingEntries,
  refundEntries,
  topUpEntries,
  walletAccount,
} from './ledger.js';

const sum = (entries: { amountCents: number }[]) => entries.reduce((t, e) => t + e.amountCents, 0);

describe('ledger rules', () => {
  it('every kind of group sums to zero and has one entry per account', () => {
    const groups = [
      openingEntries('w1', 500),
      topUpEntries('w1', 'k1', 70),
      chargeEntries('p1', 'w1', 300),
      refundEntries('p1', 'w1', 300),
    ];
    for (const group of groups) {
      expect(sum(group)).toBe(0);
      expect(new Set(group.map((e) => e.entryGroup)).size).toBe(1);
      expect(new Set(group.map((e) => e.account)).size).toBe(group.length);
    }
  });

  it('a charge debits the wallet and credits the merchant, under a group named by the payment id', () => {
    expect(chargeEntries('p1', 'w1', 300)).toEqual([
      {
        entryGroup: 'charge:p1',
        kind: 'charge',
        paymentId: 'p1',
        topUpKey: null,
        account: 'wallet:w1',
        amountCents: -300,
      },
      {
        entryGroup: 'charge:p1',
        kind: 'charge',
        paymentId: 'p1',
        topUpKey: null,
        account: merchantAccount,
        amountCents: 300,
      },
    ]);
  });

  it('a refund reverses the charge: merchant to wallet', () => {
    const [debit, credit] = refundEntries('p1', 'w1', 300);
    expect(debit).toMatchObject({ account: merchantAccount, amountCents: -300, kind: 'refund' });
    expect(credit).toMatchObject({ account: walletAccount('w1'), amountCents: 300 });
  });

  it('opening balances and top-ups come from the bank', () => {
    expect(openingEntries('w1', 5)[0]).toMatchObject({ account: bankAccount, amountCents: -5 });
    expect(topUpEntries('w1', 'k', 5)[0]).toMatchObject({ account: bankAccount, topUpKey: 'k' });
  });

  it.each([0, -1, 1.5, Number.NaN])('a transfer of %s cents is refused', (amount) => {
    expect(() => chargeEntries('p', 'w', amount)).toThrow(RangeError);
  });
});
