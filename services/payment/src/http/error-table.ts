import type { ErrorTranslation } from '@lockstep/service-kit';
import { PaymentErrorCode as Code, type PaymentErrorCode } from '../domain/payment-errors.js';

/** The HTTP status of every payment refusal; a code missing here fails to compile. */
export const domainStatuses = {
  [Code.WalletExists]: 409,
  [Code.WalletNotFound]: 404,
  [Code.PaymentNotFound]: 404,
  [Code.IdempotencyKeyReused]: 409,
  [Code.BalanceLimitExceeded]: 409,
  // Nothing was booked, and the same request (same idempotency key) may then succeed.
  [Code.WalletLeaseLost]: 503,
} as const satisfies Record<PaymentErrorCode, number>;

/**
 * How payment's errors are answered over HTTP: the only place its codes meet statuses. Lock
 * outcomes are answered by the kit the same way in every service: a wallet whose lock stayed
 * taken for the whole wait is 429 WALLET_BUSY with Retry-After; LOCK_UNAVAILABLE (no Redis
 * quorum), LOCK_LOST and LOCK_CANCELLED are 503, faults that write nothing.
 */
export const errorTable: ErrorTranslation = {
  domain: domainStatuses,
  contended: { code: 'WALLET_BUSY', message: () => 'the wallet is busy' },
};
