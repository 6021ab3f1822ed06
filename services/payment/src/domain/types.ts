/** A wallet: an id and a balance in integer cents that never goes below zero. */
export interface Wallet {
  /** The wallet id (also the lock resource `wallet:<id>`). */
  walletId: string;
  /**
   * The customer it belongs to (a bearer token's subject); null for a wallet opened before
   * wallets had owners, which no customer can read or spend.
   */
  ownerId: string | null;
  /** Balance in cents. */
  balanceCents: number;
  /** When it was opened. */
  createdAt: Date;
}

/** Where a payment stands: booked, refused (nothing debited) or booked and credited back. */
export type PaymentStatus = 'completed' | 'failed' | 'refunded';

/** Why a payment was refused; the values of payment.failed's `reason`. */
export type FailureReason =
  | 'insufficient-funds'
  | 'unknown-wallet'
  | 'wallet-not-owned'
  | 'gateway-declined'
  | 'gateway-error';

/** What a payment pays for: the saga that asked for it. */
export interface PaymentReference {
  /** The saga kind. */
  kind: 'order' | 'booking';
  /** The order or booking id. */
  id: string;
}

/** A payment request as a saga sends it; `paymentId` is the idempotency key of the charge. */
export interface PaymentRequest {
  /** Idempotency key of the charge: one payment id is decided and charged at most once. */
  paymentId: string;
  /** The wallet to debit. */
  walletId: string;
  /** Amount in cents, positive. */
  amountCents: number;
  /** What the payment pays for. */
  reference: PaymentReference;
}

/** A payment request with the customer the saga acts for, who must own the wallet. */
export interface ChargeRequest extends PaymentRequest {
  /** The saga's authenticated customer (its bearer token's subject). */
  customerId: string;
}

/** A decided payment, as stored. */
export interface Payment extends PaymentRequest {
  /** Outcome so far. */
  status: PaymentStatus;
  /** Why it failed; null unless `status` is 'failed'. */
  failureReason: FailureReason | null;
  /** When it was decided. */
  createdAt: Date;
  /** When it last changed (decided, or refunded). */
  updatedAt: Date;
}

/** A booked top-up, keyed by the caller's idempotency key. */
export interface TopUp {
  /** The caller's idempotency key; a repeat with the same key has no second effect. */
  idempotencyKey: string;
  /** The wallet credited. */
  walletId: string;
  /** Amount in cents, positive. */
  amountCents: number;
  /** The wallet balance right after this top-up, so a repeat answers like the original. */
  balanceAfterCents: number;
  /** When it was booked. */
  createdAt: Date;
}
