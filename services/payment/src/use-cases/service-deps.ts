import type pg from 'pg';
import type { UnknownWalletPolicy } from '../config.js';
import type { SimulatedGateway } from '../gateway/simulated-gateway.js';
import type { WalletLock } from './wallet-lock.js';

/** What the use cases need from the running service; built once in service.ts. */
export interface ServiceDeps {
  /** The service's database. */
  readonly pool: pg.Pool;
  /** The per-wallet Redlock. */
  readonly walletLock: WalletLock;
  /** The simulated bank. */
  readonly gateway: SimulatedGateway;
  /** Answer requests for wallets this database lacks, or drop them. */
  readonly unknownWallets: UnknownWalletPolicy;
  /** Longest wait for a wallet row lock inside the locked section (one lease TTL). */
  readonly rowLockTimeoutMs: number;
}
