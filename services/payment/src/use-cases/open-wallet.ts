import { withTransaction } from '@lockstep/service-kit';
import { insertLedgerEntries } from '../db/ledger.js';
import { insertWallet } from '../db/wallets.js';
import { openingEntries } from '../domain/ledger.js';
import { walletExists } from '../domain/payment-errors.js';
import type { Wallet } from '../domain/types.js';
import type { ServiceDeps } from './service-deps.js';

/** What opening a wallet takes. */
export interface NewWallet {
  walletId: string;
  /** The customer it belongs to. */
  ownerId: string;
  /** Booked as a transfer from the bank; 0 for an empty wallet. */
  initialBalanceCents: number;
}

/**
 * Opens a wallet for its owner with an initial balance, booked in the same transaction as a transfer from
 * the bank so the wallet's balance equals its ledger from the first moment. No lock: nothing
 * else can touch a wallet before it exists, and the primary key settles a race on the id.
 * WALLET_EXISTS if the id is taken (nothing written).
 */
export async function openWallet(
  deps: Pick<ServiceDeps, 'pool'>,
  { walletId, ownerId, initialBalanceCents }: NewWallet,
): Promise<Wallet> {
  return withTransaction(deps.pool, async (tx) => {
    const wallet = await insertWallet(tx, walletId, ownerId, initialBalanceCents);
    if (wallet === undefined) throw walletExists(walletId);
    if (initialBalanceCents > 0) {
      await insertLedgerEntries(tx, openingEntries(walletId, initialBalanceCents));
    }
    return wallet;
  });
}
