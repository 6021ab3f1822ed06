import { ConflictError, withTransaction } from '@lockstep/service-kit';
import type pg from 'pg';
import { insertLedgerEntries } from '../db/ledger.js';
import { insertWallet } from '../db/wallets.js';
import { openingEntries } from '../domain/ledger.js';
import type { Wallet } from '../domain/types.js';

/**
 * Opens a wallet with an initial balance, booked in the same transaction as a transfer from
 * the bank so the wallet's balance equals its ledger from the first moment. No lock: nothing
 * else can touch a wallet before it exists, and the primary key settles a race on the id.
 * 409 WALLET_EXISTS if the id is taken (nothing written).
 */
export async function openWallet(
  pool: pg.Pool,
  walletId: string,
  initialBalanceCents: number,
): Promise<Wallet> {
  return withTransaction(pool, async (tx) => {
    const wallet = await insertWallet(tx, walletId, initialBalanceCents);
    if (wallet === undefined) {
      throw new ConflictError(`wallet ${walletId} already exists`, { code: 'WALLET_EXISTS' });
    }
    if (initialBalanceCents > 0) {
      await insertLedgerEntries(tx, openingEntries(walletId, initialBalanceCents));
    }
    return wallet;
  });
}
