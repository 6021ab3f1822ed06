import { findWallet } from '../db/wallets.js';
import { walletNotFound } from '../domain/payment-errors.js';
import type { Wallet } from '../domain/types.js';
import type { ServiceDeps } from './service-deps.js';

/** A wallet and its balance, read without the lock; WALLET_NOT_FOUND when there is none. */
export async function readWallet(
  deps: Pick<ServiceDeps, 'pool'>,
  walletId: string,
): Promise<Wallet> {
  const wallet = await findWallet(deps.pool, walletId);
  if (wallet === undefined) throw walletNotFound(walletId);
  return wallet;
}

/** The owner of a wallet; null when it has none or does not exist (no customer matches null). */
export async function walletOwner(
  deps: Pick<ServiceDeps, 'pool'>,
  walletId: string,
): Promise<string | null> {
  return (await findWallet(deps.pool, walletId))?.ownerId ?? null;
}
