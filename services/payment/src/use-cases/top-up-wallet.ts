import { withTransaction } from '@lockstep/service-kit';
import { insertLedgerEntries } from '../db/ledger.js';
import { setLockTimeout } from '../db/sql.js';
import { findTopUp, insertTopUp } from '../db/top-ups.js';
import { creditWallet, findWallet, lockWalletRow } from '../db/wallets.js';
import { topUpEntries } from '../domain/ledger.js';
import {
  balanceLimitExceeded,
  idempotencyKeyReused,
  walletNotFound,
} from '../domain/payment-errors.js';
import { exceedsBalanceLimit, isSameTopUp } from '../domain/payment-rules.js';
import type { TopUp } from '../domain/types.js';
import type { ServiceDeps } from './service-deps.js';

/** A top-up as asked for. */
export interface TopUpRequest {
  /** The wallet to credit. */
  walletId: string;
  /** Cents to add, positive. */
  amountCents: number;
  /** The caller's key: the same key again has no second effect. */
  idempotencyKey: string;
}

/** The booked top-up, and whether this call booked it (false: an idempotent repeat). */
export interface TopUpResult {
  /** The top-up stored under the key. */
  topUp: TopUp;
  /** True if this request credited the wallet; false if an earlier one with the key did. */
  created: boolean;
}

/**
 * Credits a wallet once per idempotency key, under the wallet lock (it changes the balance,
 * like a payment) and in one transaction that commits before the lock is released.
 * WALLET_NOT_FOUND for an unknown wallet; IDEMPOTENCY_KEY_REUSED for a key already used for
 * another wallet or amount; BALANCE_LIMIT_EXCEEDED past the balance cap; WALLET_LEASE_LOST if
 * the lease may be gone before booking. Nothing is written on rejection.
 */
export async function topUpWallet(
  deps: Pick<ServiceDeps, 'pool' | 'walletLock' | 'rowLockTimeoutMs'>,
  request: TopUpRequest,
): Promise<TopUpResult> {
  const { pool, rowLockTimeoutMs } = deps;
  // Answered without the lock when possible: a repeat or an unknown wallet changes nothing.
  const earlier = await findTopUp(pool, request.idempotencyKey);
  if (earlier) return repeat(earlier, request);
  if ((await findWallet(pool, request.walletId)) === undefined) {
    throw walletNotFound(request.walletId);
  }
  return deps.walletLock.run(request.walletId, (held) =>
    withTransaction(pool, async (tx) => {
      await setLockTimeout(tx, rowLockTimeoutMs);
      const wallet = await lockWalletRow(tx, request.walletId);
      if (wallet === undefined) throw new Error(`wallet ${request.walletId} vanished`);
      if (exceedsBalanceLimit(wallet.balanceCents, request.amountCents)) {
        throw balanceLimitExceeded();
      }
      held.assertHeld();
      const balanceAfterCents = wallet.balanceCents + request.amountCents;
      const topUp = await insertTopUp(tx, { ...request, balanceAfterCents });
      // The same key raced in from another request and committed first: answer as a repeat.
      if (topUp === undefined) {
        const stored = await findTopUp(tx, request.idempotencyKey);
        if (stored === undefined) throw new Error('top-up key conflict without a stored row');
        return repeat(stored, request);
      }
      await creditWallet(tx, request.walletId, request.amountCents);
      await insertLedgerEntries(
        tx,
        topUpEntries(request.walletId, request.idempotencyKey, request.amountCents),
      );
      return { topUp, created: true };
    }),
  );
}

function repeat(stored: TopUp, request: TopUpRequest): TopUpResult {
  if (!isSameTopUp(stored, request)) throw idempotencyKeyReused(request.idempotencyKey);
  return { topUp: stored, created: false };
}
