import { DomainError } from '@lockstep/service-kit';

/**
 * Every refusal payment reports to a caller, each with a stable code that clients, the
 * consumer's dead letters and the alerts branch on. The statuses they are answered with over
 * HTTP are in one place, http/error-table.ts; the domain knows none of them.
 */
export const PaymentErrorCode = {
  /** POST /wallets with an id that is taken; nothing was written. */
  WalletExists: 'WALLET_EXISTS',
  /** The wallet does not exist. */
  WalletNotFound: 'WALLET_NOT_FOUND',
  /** The payment does not exist. */
  PaymentNotFound: 'PAYMENT_NOT_FOUND',
  /** A top-up key already booked for another wallet or amount; nothing was written. */
  IdempotencyKeyReused: 'IDEMPOTENCY_KEY_REUSED',
  /** The top-up would take the wallet past its balance cap; nothing was written. */
  BalanceLimitExceeded: 'BALANCE_LIMIT_EXCEEDED',
  /**
   * The wallet lease may be gone, so the booking was abandoned before anything was written.
   * Retryable: the consumer runs the message again (the payments primary key and the
   * processed_events record keep the retry single); a top-up is retried with its key.
   */
  WalletLeaseLost: 'WALLET_LEASE_LOST',
} as const;

/** One of {@link PaymentErrorCode}'s values. */
export type PaymentErrorCode = (typeof PaymentErrorCode)[keyof typeof PaymentErrorCode];

/** WALLET_EXISTS. */
export function walletExists(walletId: string): DomainError {
  return new DomainError(PaymentErrorCode.WalletExists, `wallet ${walletId} already exists`);
}

/** WALLET_NOT_FOUND. */
export function walletNotFound(walletId: string): DomainError {
  return new DomainError(PaymentErrorCode.WalletNotFound, `wallet ${walletId} does not exist`);
}

/** PAYMENT_NOT_FOUND. */
export function paymentNotFound(paymentId: string): DomainError {
  return new DomainError(PaymentErrorCode.PaymentNotFound, `payment ${paymentId} does not exist`);
}

/** IDEMPOTENCY_KEY_REUSED. */
export function idempotencyKeyReused(idempotencyKey: string): DomainError {
  return new DomainError(
    PaymentErrorCode.IdempotencyKeyReused,
    `idempotency key ${idempotencyKey} was already used for another top-up`,
  );
}

/** BALANCE_LIMIT_EXCEEDED. */
export function balanceLimitExceeded(): DomainError {
  return new DomainError(
    PaymentErrorCode.BalanceLimitExceeded,
    `the top-up would exceed the wallet's balance limit`,
  );
}

/** WALLET_LEASE_LOST, with the lease's loss (a LockLostError) as its cause. */
export function walletLeaseLost(walletId: string, cause: unknown): DomainError {
  return new DomainError(
    PaymentErrorCode.WalletLeaseLost,
    `the lock on wallet ${walletId} may be lost; the booking was abandoned`,
    { cause, retryAfterSeconds: 1 },
  );
}
