import type { Wallet } from '../domain/types.js';
import { centsOf, type Sql } from './sql.js';

interface WalletRow {
  id: string;
  owner_id: string | null;
  balance_cents: string;
  created_at: Date;
}

function toWallet(row: WalletRow): Wallet {
  return {
    walletId: row.id,
    ownerId: row.owner_id,
    balanceCents: centsOf(row.balance_cents),
    createdAt: row.created_at,
  };
}

const columns = 'id, owner_id, balance_cents, created_at';

/** Inserts a wallet owned by `ownerId`; undefined when the id is taken (nothing written). */
export async function insertWallet(
  sql: Sql,
  walletId: string,
  ownerId: string,
  balanceCents: number,
): Promise<Wallet | undefined> {
  const { rows } = await sql.query<WalletRow>(
    `INSERT INTO wallets (id, owner_id, balance_cents) VALUES ($1, $2, $3)
     ON CONFLICT (id) DO NOTHING RETURNING ${columns}`,
    [walletId, ownerId, balanceCents],
  );
  return rows[0] && toWallet(rows[0]);
}

/** Reads a wallet as last committed. */
export async function findWallet(sql: Sql, walletId: string): Promise<Wallet | undefined> {
  const { rows } = await sql.query<WalletRow>(`SELECT ${columns} FROM wallets WHERE id = $1`, [
    walletId,
  ]);
  return rows[0] && toWallet(rows[0]);
}

/**
 * Reads a wallet and row-locks it until the transaction ends. Called right after taking the
 * wallet's Redlock: the previous holder released the Redlock before its transaction committed
 * (the consumer commits after the handler returns), and this read waits for that commit, so
 * the balance seen is never one the previous holder already spent.
 */
export async function lockWalletRow(sql: Sql, walletId: string): Promise<Wallet | undefined> {
  const { rows } = await sql.query<WalletRow>(
    `SELECT ${columns} FROM wallets WHERE id = $1 FOR UPDATE`,
    [walletId],
  );
  return rows[0] && toWallet(rows[0]);
}

/**
 * Debits a wallet only if it covers the amount; the new balance, or undefined when it did not
 * (nothing changed). The condition, not the earlier read, decides: it holds even for a writer
 * whose lock was lost, and the CHECK (balance_cents >= 0) backs it.
 */
export async function debitWallet(
  sql: Sql,
  walletId: string,
  amountCents: number,
): Promise<number | undefined> {
  const { rows } = await sql.query<{ balance_cents: string }>(
    `UPDATE wallets SET balance_cents = balance_cents - $2, updated_at = now()
     WHERE id = $1 AND balance_cents >= $2 RETURNING balance_cents`,
    [walletId, amountCents],
  );
  return rows[0] && centsOf(rows[0].balance_cents);
}

/** Credits a wallet and returns the new balance; undefined if the wallet does not exist. */
export async function creditWallet(
  sql: Sql,
  walletId: string,
  amountCents: number,
): Promise<number | undefined> {
  const { rows } = await sql.query<{ balance_cents: string }>(
    `UPDATE wallets SET balance_cents = balance_cents + $2, updated_at = now()
     WHERE id = $1 RETURNING balance_cents`,
    [walletId, amountCents],
  );
  return rows[0] && centsOf(rows[0].balance_cents);
}
