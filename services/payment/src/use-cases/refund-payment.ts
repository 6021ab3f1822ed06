import { paymentRefunded, settlementCurrency } from '@lockstep/contracts';
import { enqueue } from '@lockstep/events';
import type pg from 'pg';
import { insertLedgerEntries } from '../db/ledger.js';
import { findPayment, markRefunded } from '../db/payments.js';
import { setLockTimeout } from '../db/sql.js';
import { creditWallet, lockWalletRow } from '../db/wallets.js';
import { refundEntries } from '../domain/ledger.js';
import { isRefundable } from '../domain/payment-rules.js';
import type { ServiceDeps } from './service-deps.js';

/** What a refund request came to. */
export type RefundOutcome = 'refunded' | 'not-refundable' | 'ignored';

/**
 * Credits a completed payment back to its wallet, inside `tx` (the consumer's transaction),
 * under the same wallet lock as charges since it changes the balance. The conditional status
 * change (completed → refunded) makes a second refund of one payment a no-op, lock or not.
 */
export async function refundPayment(
  deps: Pick<ServiceDeps, 'walletLock' | 'rowLockTimeoutMs'>,
  tx: pg.PoolClient,
  paymentId: string,
): Promise<RefundOutcome> {
  const payment = await findPayment(tx, paymentId);
  // Not ours: topics are shared, so other databases' payments pass by here.
  if (payment === undefined) return 'ignored';
  if (!isRefundable(payment.status)) return 'not-refundable';
  return deps.walletLock.run(payment.walletId, async (held) => {
    await setLockTimeout(tx, deps.rowLockTimeoutMs);
    await lockWalletRow(tx, payment.walletId);
    held.assertHeld();
    if (!(await markRefunded(tx, paymentId))) return 'not-refundable';
    await creditWallet(tx, payment.walletId, payment.amountCents);
    await insertLedgerEntries(tx, refundEntries(paymentId, payment.walletId, payment.amountCents));
    await enqueue(tx, paymentRefunded, {
      paymentId,
      walletId: payment.walletId,
      amountCents: payment.amountCents,
      currency: settlementCurrency,
      reference: payment.reference,
    });
    return 'refunded';
  });
}
