/**
 * The double-entry ledger's rules. Every business transaction is one entry group whose
 * entries sum to zero (debit negative, credit positive), so money only ever moves between
 * accounts: from the bank into a wallet (opening balance, top-up), from a wallet to the
 * merchant (charge) and back (refund). Pure functions: the database stores what they return.
 */

/** The outside world's account: top-ups and opening balances come from it. */
export const bankAccount = 'bank';

/** The account charges are paid into. */
export const merchantAccount = 'merchant';

/** The ledger account of a wallet. */
export function walletAccount(walletId: string): string {
  return `wallet:${walletId}`;
}

/** What a group books; the audit counts charge groups per payment id. */
export type EntryKind = 'opening' | 'top-up' | 'charge' | 'refund';

/** One ledger line. */
export interface LedgerEntry {
  /** The business transaction this line belongs to; its lines sum to zero. */
  entryGroup: string;
  /** What the group books. */
  kind: EntryKind;
  /** The payment charged or refunded; null for opening balances and top-ups. */
  paymentId: string | null;
  /** The top-up's idempotency key; null otherwise. */
  topUpKey: string | null;
  /** `wallet:<id>`, `merchant` or `bank`. */
  account: string;
  /** Signed cents: debit negative, credit positive, never zero. */
  amountCents: number;
}

/** Moves `amountCents` from `from` to `to` as one balanced group. */
function transfer(
  group: Omit<LedgerEntry, 'account' | 'amountCents'>,
  from: string,
  to: string,
  amountCents: number,
): LedgerEntry[] {
  if (!Number.isSafeInteger(amountCents) || amountCents <= 0) {
    throw new RangeError(
      `a ledger transfer needs a positive whole number of cents, got ${amountCents}`,
    );
  }
  return [
    { ...group, account: from, amountCents: -amountCents },
    { ...group, account: to, amountCents },
  ];
}

/** A new wallet's initial balance, booked as a transfer from the bank so the ledger balances. */
export function openingEntries(walletId: string, amountCents: number): LedgerEntry[] {
  const group = { entryGroup: `opening:${walletId}`, kind: 'opening' as const };
  return transfer(
    { ...group, paymentId: null, topUpKey: null },
    bankAccount,
    walletAccount(walletId),
    amountCents,
  );
}

/** A top-up: bank to wallet, one group per idempotency key. */
export function topUpEntries(
  walletId: string,
  idempotencyKey: string,
  amountCents: number,
): LedgerEntry[] {
  const group = { entryGroup: `top-up:${idempotencyKey}`, kind: 'top-up' as const };
  return transfer(
    { ...group, paymentId: null, topUpKey: idempotencyKey },
    bankAccount,
    walletAccount(walletId),
    amountCents,
  );
}

/** A charge: wallet to merchant. The group is named by the payment id, so it can exist once. */
export function chargeEntries(
  paymentId: string,
  walletId: string,
  amountCents: number,
): LedgerEntry[] {
  const group = { entryGroup: `charge:${paymentId}`, kind: 'charge' as const };
  return transfer(
    { ...group, paymentId, topUpKey: null },
    walletAccount(walletId),
    merchantAccount,
    amountCents,
  );
}

/** A refund: the charge reversed, merchant back to wallet, once per payment id. */
export function refundEntries(
  paymentId: string,
  walletId: string,
  amountCents: number,
): LedgerEntry[] {
  const group = { entryGroup: `refund:${paymentId}`, kind: 'refund' as const };
  return transfer(
    { ...group, paymentId, topUpKey: null },
    merchantAccount,
    walletAccount(walletId),
    amountCents,
  );
}
