import type { OpenApiRegistry } from '@lockstep/service-kit';
import type { Router } from 'express';
import type pg from 'pg';
import type { SimulatedGateway } from '../gateway/simulated-gateway.js';
import type { WalletLock } from '../operations/wallet-lock.js';
import { auditRoutes } from './audit-routes.js';
import { gatewayRoutes } from './gateway-routes.js';
import { lockErrorTranslator } from './lock-errors.js';
import { paymentRoutes } from './payment-routes.js';
import { walletRoutes } from './wallet-routes.js';

/** Everything the HTTP API uses. */
export interface PaymentRouteDependencies {
  pool: pg.Pool;
  walletLock: WalletLock;
  gateway: SimulatedGateway;
  rowLockTimeoutMs: number;
}

/** Mounts every payment route, then the lock-error translator that covers them all. */
export function paymentServiceRoutes(
  router: Router,
  openapi: OpenApiRegistry,
  deps: PaymentRouteDependencies,
): void {
  walletRoutes(router, openapi, deps);
  paymentRoutes(router, openapi, deps.pool);
  gatewayRoutes(router, openapi, deps.gateway);
  auditRoutes(router, openapi, deps.pool);
  router.use(lockErrorTranslator);
}
