import type { TopUp } from '../domain/types.js';
import { centsOf, type Sql } from './sql.js';

interface TopUpRow {
  idempotency_key: string;
  wallet_id: string;
  amount_cents: string;
  balance_after_cents: string;
  created_at: Date;
}

function toTopUp(row: TopUpRow): TopUp {
  return {
    idempotencyKey: row.idempotency_key,
    walletId: row.wallet_id,
    amountCents: centsOf(row.amount_cents),
    balanceAfterCents: centsOf(row.balance_after_cents),
    createdAt: row.created_at,
  };
}

/** Reads the top-up booked under an idempotency key. */
export async function findTopUp(sql: Sql, idempotencyKey: string): Promise<TopUp | undefined> {
  const { rows } = await sql.query<TopUpRow>(
    `SELECT idempotency_key, wallet_id, amount_cents, balance_after_cents, created_at
     FROM top_ups WHERE idempotency_key = $1`,
    [idempotencyKey],
  );
  return rows[0] && toTopUp(rows[0]);
}

/**
 * Records a top-up under its key; undefined when the key is already taken (nothing written).
 * The caller credits the wallet only when this returned a row, in the same transaction.
 */
export async function insertTopUp(
  sql: Sql,
  topUp: Omit<TopUp, 'createdAt'>,
): Promise<TopUp | undefined> {
  const { rows } = await sql.query<TopUpRow>(
    `INSERT INTO top_ups (idempotency_key, wallet_id, amount_cents, balance_after_cents)
     VALUES ($1, $2, $3, $4)
     ON CONFLICT (idempotency_key) DO NOTHING
     RETURNING idempotency_key, wallet_id, amount_cents, balance_after_cents, created_at`,
    [topUp.idempotencyKey, topUp.walletId, topUp.amountCents, topUp.balanceAfterCents],
  );
  return rows[0] && toTopUp(rows[0]);
}
