import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { uniqueName } from '@lockstep/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAudit } from '../src/audit/run-audit.ts';
import { openWallet } from '../src/use-cases/open-wallet.ts';
import { ownerOf, type PaymentTestDatabase, paymentTestDatabase } from './support/database.ts';

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('..', import.meta.url));
let db: PaymentTestDatabase;
let walletId: string;

async function failingChecks(): Promise<string[]> {
  const report = await runAudit(db.pool);
  return report.checks.filter((check) => !check.ok).map((check) => check.name);
}

/** Applies a corruption, returns the failing checks, then undoes it (so scenarios stay apart). */
async function failingWith(corrupt: string[], repair: string[]): Promise<string[]> {
  for (const sql of corrupt) await db.pool.query(sql);
  try {
    return await failingChecks();
  } finally {
    for (const sql of repair) await db.pool.query(sql);
  }
}

/** Runs `npm run audit`'s script against the test database. */
async function auditCli(): Promise<{ code: number; stdout: string }> {
  try {
    // The command of `npm run audit`, without npm's and npx's start-up time.
    const args = ['--import', 'tsx', '--conditions=lockstep-source', 'src/audit-cli.ts'];
    const { stdout } = await run(process.execPath, args, {
      cwd: packageDir,
      env: { ...process.env, DATABASE_URL: db.url },
    });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, stdout: failed.stdout };
  }
}

describe('payment audit', () => {
  beforeAll(async () => {
    db = await paymentTestDatabase('payment_audit', { migrate: true });
    walletId = uniqueName('w');
    await openWallet(db, { walletId, ownerId: ownerOf(walletId), initialBalanceCents: 1_000 });
    // A payment recorded as completed with its charge booked, as the consumer would.
    await db.pool.query(`
      INSERT INTO payments (payment_id, wallet_id, amount_cents, reference_kind, reference_id, status)
      VALUES ('p-ok', '${walletId}', 100, 'order', 'o-1', 'completed');
      UPDATE wallets SET balance_cents = balance_cents - 100 WHERE id = '${walletId}';
      INSERT INTO ledger_entries (entry_group, kind, payment_id, account, amount_cents) VALUES
        ('charge:p-ok', 'charge', 'p-ok', 'wallet:${walletId}', -100),
        ('charge:p-ok', 'charge', 'p-ok', 'merchant', 100);`);
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('passes every check on a consistent ledger', async () => {
    expect(await failingChecks()).toEqual([]);
  });

  it('flags a negative balance (with the CHECK dropped, as a buggy migration might)', async () => {
    const failing = await failingWith(
      [
        'ALTER TABLE wallets DROP CONSTRAINT wallets_balance_cents_check',
        `UPDATE wallets SET balance_cents = -1 WHERE id = '${walletId}'`,
      ],
      [
        `UPDATE wallets SET balance_cents = 900 WHERE id = '${walletId}'`,
        'ALTER TABLE wallets ADD CONSTRAINT wallets_balance_cents_check CHECK (balance_cents >= 0)',
      ],
    );
    expect(failing).toEqual(['no-negative-balance', 'balances-match-ledger']);
  });

  it('flags an unbalanced entry group and an unbalanced ledger', async () => {
    const failing = await failingWith(
      [
        `INSERT INTO ledger_entries (entry_group, kind, account, amount_cents)
         VALUES ('top-up:stray', 'top-up', 'bank', -5)`,
      ],
      ["DELETE FROM ledger_entries WHERE entry_group = 'top-up:stray'"],
    );
    expect(failing).toEqual(['ledger-groups-balance', 'ledger-total-zero']);
  });

  it('flags a balance that differs from its ledger', async () => {
    const failing = await failingWith(
      [`UPDATE wallets SET balance_cents = balance_cents + 1 WHERE id = '${walletId}'`],
      [`UPDATE wallets SET balance_cents = balance_cents - 1 WHERE id = '${walletId}'`],
    );
    expect(failing).toEqual(['balances-match-ledger']);
  });

  it('flags a payment id charged twice', async () => {
    const failing = await failingWith(
      [
        `INSERT INTO ledger_entries (entry_group, kind, payment_id, account, amount_cents) VALUES
           ('charge:p-ok:again', 'charge', 'p-ok', 'wallet:${walletId}', -100),
           ('charge:p-ok:again', 'charge', 'p-ok', 'merchant', 100)`,
        `UPDATE wallets SET balance_cents = balance_cents - 100 WHERE id = '${walletId}'`,
      ],
      [
        "DELETE FROM ledger_entries WHERE entry_group = 'charge:p-ok:again'",
        `UPDATE wallets SET balance_cents = balance_cents + 100 WHERE id = '${walletId}'`,
      ],
    );
    expect(failing).toEqual(['payment-charged-at-most-once', 'payment-status-matches-ledger']);
  });

  it('flags a completed payment without a charge and a failed payment with one', async () => {
    const failing = await failingWith(
      [
        `INSERT INTO payments (payment_id, wallet_id, amount_cents, reference_kind, reference_id, status)
         VALUES ('p-free', '${walletId}', 50, 'order', 'o-2', 'completed')`,
      ],
      ["DELETE FROM payments WHERE payment_id = 'p-free'"],
    );
    expect(failing).toEqual(['payment-status-matches-ledger']);
    const failed = await failingWith(
      [
        "UPDATE payments SET status = 'failed', failure_reason = 'gateway-declined' WHERE payment_id = 'p-ok'",
      ],
      ["UPDATE payments SET status = 'completed', failure_reason = NULL WHERE payment_id = 'p-ok'"],
    );
    expect(failed).toEqual(['payment-status-matches-ledger']);
  });

  it('the CLI prints each check and exits 0 when clean, 1 on a violation', async () => {
    const clean = await auditCli();
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain('PASS  no-negative-balance: No wallet balance is below zero.');
    expect(clean.stdout).toContain('audit clean');

    await db.pool.query(
      `UPDATE wallets SET balance_cents = balance_cents + 1 WHERE id = '${walletId}'`,
    );
    try {
      const broken = await auditCli();
      expect(broken.code).toBe(1);
      expect(broken.stdout).toMatch(
        /FAIL {2}balances-match-ledger: .* \(1 violations in 1 checked\)/,
      );
      expect(broken.stdout).toContain('AUDIT FAILED');
    } finally {
      await db.pool.query(
        `UPDATE wallets SET balance_cents = balance_cents - 1 WHERE id = '${walletId}'`,
      );
    }
  });
});
