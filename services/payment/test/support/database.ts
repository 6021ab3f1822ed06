import { createDatabase, createLogger } from '@lockstep/service-kit';
import { createTestDatabase, type TestDatabase } from '@lockstep/testkit';
import pg from 'pg';
import { migrationsDir } from '../../src/db/migrations-dir.ts';

/** A fresh database for one test file, with a pool; `migrate` applies the payment schema. */
export interface PaymentTestDatabase extends TestDatabase {
  pool: pg.Pool;
}

/** Creates a uniquely named database (and migrates it when asked). */
export async function paymentTestDatabase(
  prefix: string,
  options: { migrate?: boolean } = {},
): Promise<PaymentTestDatabase> {
  const db = await createTestDatabase({ prefix });
  if (options.migrate) {
    const logger = createLogger({
      service: 'payment-test',
      instanceId: 'migrate',
      level: 'silent',
    });
    const database = createDatabase({ url: db.url, logger, migrationsDir, maxConnections: 1 });
    await database.start();
    await database.stop();
  }
  const pool = new pg.Pool({ connectionString: db.url, max: 10 });
  return {
    ...db,
    pool,
    drop: async () => {
      await pool.end();
      await db.drop();
    },
  };
}

/** Row counts of every table a rejected request must leave alone. */
export async function rowCounts(pool: pg.Pool): Promise<Record<string, number>> {
  const { rows } = await pool.query<Record<string, string>>(`
    SELECT (SELECT count(*) FROM wallets) AS wallets,
           (SELECT coalesce(sum(balance_cents), 0) FROM wallets) AS balance_cents,
           (SELECT count(*) FROM top_ups) AS top_ups,
           (SELECT count(*) FROM payments) AS payments,
           (SELECT count(*) FROM ledger_entries) AS ledger_entries,
           (SELECT count(*) FROM outbox) AS outbox`);
  const counts: Record<string, number> = {};
  for (const [key, value] of Object.entries(rows[0] ?? {})) counts[key] = Number(value);
  return counts;
}

/** Balance of a wallet in cents, read straight from the table. */
export async function balanceOf(pool: pg.Pool, walletId: string): Promise<number> {
  const { rows } = await pool.query<{ balance_cents: string }>(
    'SELECT balance_cents FROM wallets WHERE id = $1',
    [walletId],
  );
  if (rows[0] === undefined) throw new Error(`no wallet ${walletId}`);
  return Number(rows[0].balance_cents);
}

/** Outcome events this database's outbox holds, by payment id. */
export async function outboxOutcomes(
  pool: pg.Pool,
  paymentIds: readonly string[],
): Promise<Map<string, { id: string; type: string; reason: string | null }[]>> {
  const { rows } = await pool.query<{
    id: string;
    type: string;
    payment_id: string;
    reason: string | null;
  }>(
    `SELECT id, type, payload->>'paymentId' AS payment_id, payload->>'reason' AS reason
     FROM outbox WHERE payload->>'paymentId' = ANY($1) ORDER BY seq`,
    [paymentIds],
  );
  const byPayment = new Map<string, { id: string; type: string; reason: string | null }[]>();
  for (const row of rows) {
    const list = byPayment.get(row.payment_id) ?? [];
    list.push({ id: row.id, type: row.type, reason: row.reason });
    byPayment.set(row.payment_id, list);
  }
  return byPayment;
}

/**
 * The customer a test's wallet belongs to: derived from the wallet id, so a test that opens
 * a wallet and one that sends a payment request for it name the same owner without sharing
 * state.
 */
export function ownerOf(walletId: string): string {
  return `owner-of-${walletId}`;
}
