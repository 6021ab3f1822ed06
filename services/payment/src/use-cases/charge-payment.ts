import { paymentCompleted, paymentFailed, settlementCurrency } from '@lockstep/contracts';
import { enqueue } from '@lockstep/events';
import type pg from 'pg';
import { insertLedgerEntries } from '../db/ledger.js';
import { findPayment, insertPayment } from '../db/payments.js';
import { setLockTimeout } from '../db/sql.js';
import { debitWallet, findWallet, lockWalletRow } from '../db/wallets.js';
import { chargeEntries } from '../domain/ledger.js';
import { decideCharge } from '../domain/payment-rules.js';
import type { ChargeRequest, FailureReason, PaymentRequest } from '../domain/types.js';
import type { GatewayVerdict } from '../gateway/simulated-gateway.js';
import type { ServiceDeps } from './service-deps.js';
import type { HeldWallet } from './wallet-lock.js';

/** What a payment request came to: booked, refused, already decided, or not ours. */
export type ChargeOutcome = 'completed' | 'failed' | 'duplicate' | 'ignored';

/**
 * Decides a payment request and books it, inside `tx` (the consumer's transaction, which also
 * records the event as processed; everything here commits with it or not at all).
 *
 * Under the wallet's Redlock: re-read the wallet (row-locked, see lockWalletRow), skip a
 * payment id already decided, refuse a wallet the request's customer does not own
 * (wallet-not-owned), check the balance, ask the gateway, then, only if the lease is
 * still held, debit conditionally, record the payment, book the ledger and enqueue the
 * outcome. A lease lost on the way throws WALLET_LEASE_LOST, which the consumer retries.
 * See WalletLock for why the constraints, not a fencing token, keep a late writer harmless.
 */
export async function chargePayment(
  deps: Omit<ServiceDeps, 'pool'>,
  tx: pg.PoolClient,
  request: ChargeRequest,
): Promise<ChargeOutcome> {
  // Wallets are never deleted, so "unknown" read without the lock stays true.
  if ((await findWallet(tx, request.walletId)) === undefined) {
    if (deps.unknownWallets === 'ignore') return 'ignored';
    if (await findPayment(tx, request.paymentId)) return 'duplicate';
    return refuse(tx, request, 'unknown-wallet');
  }
  return deps.walletLock.run(request.walletId, async (held) => {
    await setLockTimeout(tx, deps.rowLockTimeoutMs);
    const wallet = await lockWalletRow(tx, request.walletId);
    if (wallet === undefined) throw new Error(`wallet ${request.walletId} vanished`);
    if (await findPayment(tx, request.paymentId)) return 'duplicate';
    // Knowing a wallet id is not enough to spend from it: the saga's customer must own it.
    if (wallet.ownerId !== request.customerId) return refuse(tx, request, 'wallet-not-owned');
    const decision = decideCharge(wallet.balanceCents, request.amountCents);
    if (decision.kind === 'refuse') return refuse(tx, request, decision.reason);
    const verdict = await authorize(deps, request, held);
    held.assertHeld();
    if (verdict === 'declined') return refuse(tx, request, 'gateway-declined');
    const balanceCents = await debitWallet(tx, request.walletId, request.amountCents);
    // Unreachable while this transaction holds the row lock; kept because the condition, not
    // the earlier read, is what guarantees that no writer ever overdraws.
    if (balanceCents === undefined) return refuse(tx, request, 'insufficient-funds');
    await insertPayment(tx, request, { status: 'completed' });
    await insertLedgerEntries(
      tx,
      chargeEntries(request.paymentId, request.walletId, request.amountCents),
    );
    await enqueue(tx, paymentCompleted, outcomePayload(request));
    return 'completed';
  });
}

/** Asks the gateway, turning a lease lost during the wait into a retryable error. */
async function authorize(
  deps: Pick<ServiceDeps, 'gateway'>,
  request: PaymentRequest,
  held: HeldWallet,
): Promise<GatewayVerdict> {
  try {
    return await deps.gateway.authorize(request.paymentId, held.signal);
  } catch (error) {
    held.assertHeld();
    throw error;
  }
}

/** Records a refusal (nothing debited) and enqueues payment.failed. */
async function refuse(
  tx: pg.PoolClient,
  request: PaymentRequest,
  reason: FailureReason,
): Promise<ChargeOutcome> {
  await insertPayment(tx, request, { status: 'failed', reason });
  await enqueue(tx, paymentFailed, { ...outcomePayload(request), reason });
  return 'failed';
}

/** The charge an outcome repeats; wallets are kept in the settlement currency only. */
function outcomePayload(request: PaymentRequest): PaymentRequest & { currency: string } {
  return {
    paymentId: request.paymentId,
    walletId: request.walletId,
    amountCents: request.amountCents,
    currency: settlementCurrency,
    reference: { kind: request.reference.kind, id: request.reference.id },
  };
}
