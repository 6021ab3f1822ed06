export { runAudit } from './audit/run-audit.js';
export type { PaymentConfig, UnknownWalletPolicy } from './config.js';
export { paymentConfigSchema, unknownWalletPolicies } from './config.js';
export type { PaymentRequestEvent } from './consumers/payment-request-handlers.js';
export {
  paymentRequestCatalog,
  paymentRequestHandlers,
} from './consumers/payment-request-handlers.js';
export type { LedgerEntry } from './domain/ledger.js';
export { PaymentErrorCode } from './domain/payment-errors.js';
export type {
  FailureReason,
  Payment,
  PaymentRequest,
  PaymentStatus,
  TopUp,
  Wallet,
} from './domain/types.js';
export type { GatewaySettings, GatewayVerdict } from './gateway/simulated-gateway.js';
export { SimulatedGateway } from './gateway/simulated-gateway.js';
export type { PaymentService, StartServiceOptions } from './service.js';
export { startService } from './service.js';
export type { ServiceDeps } from './use-cases/service-deps.js';
export type { HeldWallet } from './use-cases/wallet-lock.js';
export { WalletLock } from './use-cases/wallet-lock.js';
