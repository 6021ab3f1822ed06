import type { LockRunner } from '@lockstep/service-kit';
import { walletLeaseLost } from '../domain/payment-errors.js';

/** What work under a wallet's lock gets. */
export interface HeldWallet {
  /** The wallet locked. */
  readonly walletId: string;
  /** Aborts as soon as the lease may be lost: pass it to every wait (the gateway call). */
  readonly signal: AbortSignal;
  /** Throws WALLET_LEASE_LOST if the lease may be gone; call right before writing. */
  assertHeld(): void;
}

/**
 * The per-wallet Redlock (`wallet:<id>` over the three Redis nodes), run by the kit's
 * LockRunner (TTL, wait, renewal and release are the runner's). It serialises the
 * check-gateway-book sequence of one wallet across replicas, so two payments never both pass
 * the balance check and both reach the gateway. A wallet that stays taken for the whole wait
 * is LOCK_CONTENDED, answered 429 WALLET_BUSY by http/error-table.ts.
 *
 * Why no fencing token: Redlock has none that is sound (independent nodes share no monotonic
 * counter; see docs/architecture.md "Fencing"), so writes cannot be fenced by the lock. The ledger
 * is protected instead by an idempotency key plus constraints, all in the consumer's
 * transaction with its processed_events record: payments.payment_id PRIMARY KEY (one charge
 * per payment id), CHECK (balance_cents >= 0) and the conditional debit
 * (`WHERE balance_cents >= $amount`). A holder that lost its lease mid-flight (GC or VM pause)
 * can therefore neither overdraw a wallet nor charge a payment twice; the lease is checked
 * before booking (WALLET_LEASE_LOST, nothing written) only to avoid wasted work, not for safety.
 *
 * Holders also row-lock the wallet (lockWalletRow): the consumer commits after the handler,
 * so after this lease is released, and the next holder must not read the balance from
 * before that commit.
 */
export class WalletLock {
  constructor(private readonly runner: LockRunner) {}

  /** The lock resource of a wallet. */
  static resourceOf(walletId: string): string {
    return `wallet:${walletId}`;
  }

  /**
   * Runs `work` holding the wallet's lease, renewed meanwhile. Rejects with the lock's own
   * errors (LOCK_CONTENDED, LOCK_UNAVAILABLE) when the wallet cannot be had.
   */
  run<T>(walletId: string, work: (held: HeldWallet) => Promise<T>): Promise<T> {
    return this.runner.run(WalletLock.resourceOf(walletId), (held) =>
      work({
        walletId,
        signal: held.signal,
        assertHeld() {
          if (held.signal.aborted) throw walletLeaseLost(walletId, held.signal.reason);
        },
      }),
    );
  }
}
