import { localTopology } from '@lockstep/infra-local';
import { type DistributedLock, RedlockLock } from '@lockstep/locks';
import { createLogger, LockRunner, withTransaction } from '@lockstep/service-kit';
import { uniqueName } from '@lockstep/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAudit } from '../src/audit/run-audit.ts';
import { insertLedgerEntries } from '../src/db/ledger.ts';
import { debitWallet } from '../src/db/wallets.ts';
import { chargeEntries } from '../src/domain/ledger.ts';
import type { ChargeRequest } from '../src/domain/types.ts';
import { SimulatedGateway } from '../src/gateway/simulated-gateway.ts';
import { chargePayment } from '../src/use-cases/charge-payment.ts';
import { openWallet } from '../src/use-cases/open-wallet.ts';
import { refundPayment } from '../src/use-cases/refund-payment.ts';
import type { ServiceDeps } from '../src/use-cases/service-deps.ts';
import { WalletLock } from '../src/use-cases/wallet-lock.ts';
import {
  balanceOf,
  outboxOutcomes,
  ownerOf,
  type PaymentTestDatabase,
  paymentTestDatabase,
  rowCounts,
} from './support/database.ts';
import { NoExclusionLock } from './support/fake-lock.ts';

const logger = createLogger({ service: 'payment-test', instanceId: 'ops', level: 'silent' });
let db: PaymentTestDatabase;
let redlock: RedlockLock;

function dependencies(
  lock: DistributedLock,
  options: { latencyMs?: number; failureRate?: number; unknownWallets?: 'fail' | 'ignore' } = {},
): ServiceDeps {
  return {
    pool: db.pool,
    walletLock: new WalletLock(new LockRunner(lock, logger, { ttlMs: 5_000, waitMs: 10_000 })),
    gateway: new SimulatedGateway({
      latencyMs: options.latencyMs ?? 0,
      failureRate: options.failureRate ?? 0,
    }),
    unknownWallets: options.unknownWallets ?? 'fail',
    rowLockTimeoutMs: 5_000,
  };
}

function request(
  walletId: string,
  amountCents: number,
  paymentId = uniqueName('pay'),
): ChargeRequest {
  return {
    paymentId,
    walletId,
    customerId: ownerOf(walletId),
    amountCents,
    reference: { kind: 'order', id: `order-${paymentId}` },
  };
}

/** Runs a charge in its own transaction, as the consumer does. */
function charge(deps: ServiceDeps, payment: ChargeRequest) {
  return withTransaction(db.pool, (tx) => chargePayment(deps, tx, payment));
}

async function newWallet(balanceCents: number): Promise<string> {
  const walletId = uniqueName('w');
  await openWallet(db, { walletId, ownerId: ownerOf(walletId), initialBalanceCents: balanceCents });
  return walletId;
}

describe('charging and refunding payments (use cases against Postgres)', () => {
  beforeAll(async () => {
    db = await paymentTestDatabase('payment_ops', { migrate: true });
    redlock = new RedlockLock({ nodes: localTopology().redis });
  });

  afterAll(async () => {
    await redlock?.close();
    await db?.drop();
  });

  it('a request for an unknown wallet is answered with payment.failed unknown-wallet under the fail policy', async () => {
    const payment = request(uniqueName('nowhere'), 100);
    expect(await charge(dependencies(redlock), payment)).toBe('failed');
    const { rows } = await db.pool.query(
      'SELECT status, failure_reason FROM payments WHERE payment_id = $1',
      [payment.paymentId],
    );
    expect(rows).toEqual([{ status: 'failed', failure_reason: 'unknown-wallet' }]);
    const outcomes = await outboxOutcomes(db.pool, [payment.paymentId]);
    expect(outcomes.get(payment.paymentId)).toMatchObject([
      { type: 'payment.failed', reason: 'unknown-wallet' },
    ]);
    expect(await charge(dependencies(redlock), payment)).toBe('duplicate');
  });

  it('a request for an unknown wallet leaves no trace under the ignore policy', async () => {
    const before = await rowCounts(db.pool);
    const outcome = await charge(
      dependencies(redlock, { unknownWallets: 'ignore' }),
      request(uniqueName('nowhere'), 100),
    );
    expect(outcome).toBe('ignored');
    expect(await rowCounts(db.pool)).toEqual(before);
  });

  it("a request naming another customer's wallet is refused wallet-not-owned and debits nothing", async () => {
    const walletId = await newWallet(1_000);
    const stolen = { ...request(walletId, 400), customerId: `not-${ownerOf(walletId)}` };
    const before = await rowCounts(db.pool);
    expect(await charge(dependencies(redlock), stolen)).toBe('failed');
    expect(await balanceOf(db.pool, walletId)).toBe(1_000);
    const after = await rowCounts(db.pool);
    expect(after).toMatchObject({
      balance_cents: before.balance_cents,
      ledger_entries: before.ledger_entries,
    });
    expect((await outboxOutcomes(db.pool, [stolen.paymentId])).get(stolen.paymentId)).toMatchObject(
      [{ type: 'payment.failed', reason: 'wallet-not-owned' }],
    );
    // The owner's own request for the same wallet still goes through.
    expect(await charge(dependencies(redlock), request(walletId, 400))).toBe('completed');
    expect(await balanceOf(db.pool, walletId)).toBe(600);
  });

  it('a lease lost during the gateway call books nothing, and the retry books the payment once', async () => {
    const walletId = await newWallet(1_000);
    const lock = new NoExclusionLock();
    const deps = dependencies(lock, { latencyMs: 300 });
    const payment = request(walletId, 400);
    const before = await rowCounts(db.pool);
    const attempt = charge(deps, payment);
    setTimeout(() => lock.leases[0]?.lose(), 50);
    await expect(attempt).rejects.toMatchObject({ code: 'WALLET_LEASE_LOST' });
    expect(await rowCounts(db.pool)).toEqual(before);

    expect(await charge(deps, payment)).toBe('completed');
    expect(await charge(deps, payment)).toBe('duplicate');
    expect(await balanceOf(db.pool, walletId)).toBe(600);
    expect(
      (await outboxOutcomes(db.pool, [payment.paymentId])).get(payment.paymentId),
    ).toHaveLength(1);
  });

  it('two holders at once (a lost lock) cannot overdraw: of two 600-cent charges on 1000 cents, one fails', async () => {
    const walletId = await newWallet(1_000);
    const deps = dependencies(new NoExclusionLock(), { latencyMs: 100 });
    const outcomes = await Promise.all([
      charge(deps, request(walletId, 600)),
      charge(deps, request(walletId, 600)),
    ]);
    expect(outcomes.sort()).toEqual(['completed', 'failed']);
    expect(await balanceOf(db.pool, walletId)).toBe(400);
    expect((await runAudit(db.pool)).ok).toBe(true);
  });

  it('the same payment id in two overlapping transactions without a lock is charged once', async () => {
    const walletId = await newWallet(1_000);
    const deps = dependencies(new NoExclusionLock(), { latencyMs: 100 });
    const payment = request(walletId, 300);
    const outcomes = await Promise.all([charge(deps, payment), charge(deps, payment)]);
    expect(outcomes.sort()).toEqual(['completed', 'duplicate']);
    expect(await balanceOf(db.pool, walletId)).toBe(700);
    expect((await runAudit(db.pool)).ok).toBe(true);
  });

  it('the Redlock keeps authorisations of one wallet from overlapping, and the balance is never overspent', async () => {
    const walletId = await newWallet(1_000);
    const deps = dependencies(redlock, { latencyMs: 30 });
    let inGateway = 0;
    let mostAtOnce = 0;
    const authorize = deps.gateway.authorize.bind(deps.gateway);
    deps.gateway.authorize = async (paymentId, signal) => {
      inGateway += 1;
      mostAtOnce = Math.max(mostAtOnce, inGateway);
      try {
        return await authorize(paymentId, signal);
      } finally {
        inGateway -= 1;
      }
    };
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, () => charge(deps, request(walletId, 300))),
    );
    expect(mostAtOnce).toBe(1);
    expect(outcomes.filter((o) => o === 'completed')).toHaveLength(3);
    expect(await balanceOf(db.pool, walletId)).toBe(100);
  });

  it('a declined authorisation fails the payment with gateway-declined and debits nothing', async () => {
    const walletId = await newWallet(500);
    const payment = request(walletId, 200);
    expect(await charge(dependencies(redlock, { failureRate: 1 }), payment)).toBe('failed');
    expect(await balanceOf(db.pool, walletId)).toBe(500);
    expect(
      (await outboxOutcomes(db.pool, [payment.paymentId])).get(payment.paymentId),
    ).toMatchObject([{ type: 'payment.failed', reason: 'gateway-declined' }]);
  });

  it('a refund credits a completed payment back once and books the reversal', async () => {
    const walletId = await newWallet(1_000);
    const deps = dependencies(redlock);
    const payment = request(walletId, 250);
    expect(await charge(deps, payment)).toBe('completed');
    const refund = () =>
      withTransaction(db.pool, (tx) => refundPayment(deps, tx, payment.paymentId));
    expect(await refund()).toBe('refunded');
    expect(await refund()).toBe('not-refundable');
    expect(await balanceOf(db.pool, walletId)).toBe(1_000);
    const events = (await outboxOutcomes(db.pool, [payment.paymentId])).get(payment.paymentId);
    expect(events?.map((e) => e.type)).toEqual(['payment.completed', 'payment.refunded']);
    expect((await runAudit(db.pool)).ok).toBe(true);
  });

  it('a refund of a failed or unknown payment changes nothing', async () => {
    const walletId = await newWallet(100);
    const deps = dependencies(redlock);
    const payment = request(walletId, 500);
    expect(await charge(deps, payment)).toBe('failed');
    const before = await rowCounts(db.pool);
    const refund = (id: string) => withTransaction(db.pool, (tx) => refundPayment(deps, tx, id));
    expect(await refund(payment.paymentId)).toBe('not-refundable');
    expect(await refund(uniqueName('never'))).toBe('ignored');
    expect(await rowCounts(db.pool)).toEqual(before);
  });

  it('the database refuses a negative balance and a second charge group, whoever writes', async () => {
    const walletId = await newWallet(100);
    expect(await debitWallet(db.pool, walletId, 101)).toBeUndefined();
    await expect(
      db.pool.query('UPDATE wallets SET balance_cents = -1 WHERE id = $1', [walletId]),
    ).rejects.toMatchObject({ code: '23514' });
    const entries = chargeEntries(uniqueName('pay'), walletId, 10);
    await insertLedgerEntries(db.pool, entries);
    await expect(insertLedgerEntries(db.pool, entries)).rejects.toMatchObject({ code: '23505' });
    await db.pool.query('DELETE FROM ledger_entries WHERE payment_id = $1', [
      entries[0]?.paymentId,
    ]);
    expect(await balanceOf(db.pool, walletId)).toBe(100);
  });
});
