/**
 * The wallet lease may be gone and the booking was abandoned before anything was written.
 * Retryable: the consumer runs the message again (the payments primary key and the
 * processed_events record keep the retry single); over HTTP it is a 503.
 */
export class WalletLeaseLostError extends Error {
  /** Stable code, seen in logs, in error responses and in the dead letter if retries run out. */
  readonly code = 'WALLET_LEASE_LOST';

  constructor(walletId: string, cause: unknown) {
    super(`the lock on wallet ${walletId} may be lost; the booking was abandoned`, { cause });
    this.name = 'WalletLeaseLostError';
  }
}
