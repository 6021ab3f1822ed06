import type { UnknownWalletPolicy } from '../config.js';
import type { SimulatedGateway } from '../gateway/simulated-gateway.js';
import type { WalletLock } from './wallet-lock.js';

/** What the payment operations need besides the transaction they run in. */
export interface PaymentDependencies {
  /** The per-wallet Redlock. */
  walletLock: WalletLock;
  /** The simulated bank. */
  gateway: SimulatedGateway;
  /** Answer requests for wallets this database lacks, or drop them. */
  unknownWallets: UnknownWalletPolicy;
  /** Longest wait for a wallet row lock inside the locked section (one lease TTL). */
  rowLockTimeoutMs: number;
}
