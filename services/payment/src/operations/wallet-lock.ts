import {
  type DistributedLock,
  isLockError,
  type Lease,
  LockErrorCode,
  withLock,
} from '@lockstep/locks';
import type { Logger } from '@lockstep/service-kit';
import { WalletLeaseLostError } from './wallet-lease-lost-error.js';

/** TTL and wait of the wallet lock. */
export interface WalletLockOptions {
  /** Lease TTL in ms; renewed every third of it while the work runs. */
  ttlMs: number;
  /** How long to wait for a busy wallet, in ms. */
  waitMs: number;
}

/**
 * The per-wallet Redlock (`wallet:<id>` over the three Redis nodes). It serialises the
 * check-gateway-book sequence of one wallet across replicas, so two payments never both pass
 * the balance check and both reach the gateway.
 *
 * Why no fencing token: Redlock has none that is sound (independent nodes share no monotonic
 * counter; see docs/architecture.md "Fencing"), so writes cannot be fenced by the lock. The ledger
 * is protected instead by an idempotency key plus constraints, all in the consumer's
 * transaction with its processed_events record: payments.payment_id PRIMARY KEY (one charge
 * per payment id), CHECK (balance_cents >= 0) and the conditional debit
 * (`WHERE balance_cents >= $amount`). A holder that lost its lease mid-flight (GC or VM pause)
 * can therefore neither overdraw a wallet nor charge a payment twice; the lease signal is
 * checked before booking only to avoid wasted work, not for safety.
 *
 * Holders also row-lock the wallet (lockWalletRow): the consumer commits after the handler,
 * so after this lease is released, and the next holder must not read the balance from
 * before that commit.
 */
export class WalletLock {
  constructor(
    private readonly lock: DistributedLock,
    private readonly options: WalletLockOptions,
    private readonly logger: Logger,
  ) {}

  /** The lock resource of a wallet. */
  static resourceOf(walletId: string): string {
    return `wallet:${walletId}`;
  }

  /**
   * Runs `work` holding the wallet's lease, renewing it meanwhile. Throws the lock's
   * LOCK_CONTENDED / LOCK_UNAVAILABLE errors when the wallet cannot be had.
   */
  async run<T>(walletId: string, work: (lease: Lease) => Promise<T>): Promise<T> {
    let finished: { value: T } | undefined;
    try {
      return await withLock(
        this.lock,
        WalletLock.resourceOf(walletId),
        async (lease) => {
          const value = await work(lease);
          finished = { value };
          return value;
        },
        { ttlMs: this.options.ttlMs, waitMs: this.options.waitMs },
      );
    } catch (error) {
      // Safe to swallow: the work is done, and a key whose release went unconfirmed expires
      // with its TTL, so the worst case is that the next holder waits for it.
      if (finished && isLockError(error, LockErrorCode.ReleaseUnconfirmed)) {
        this.logger.warn(
          { err: error, walletId },
          'wallet lock release unconfirmed; it will expire',
        );
        return finished.value;
      }
      throw error;
    }
  }

  /** Throws {@link WalletLeaseLostError} if the lease may be lost; call right before writing. */
  static assertHeld(lease: Lease, walletId: string): void {
    if (lease.signal.aborted) throw new WalletLeaseLostError(walletId, lease.signal.reason);
  }
}
