import type { OpenApiRegistry } from '@lockstep/service-kit';
import type { Router } from 'express';
import type { ServiceDeps } from '../use-cases/service-deps.js';
import { auditRoutes } from './audit-routes.js';
import { gatewayRoutes } from './gateway-routes.js';
import { paymentRoutes } from './payment-routes.js';
import { walletRoutes } from './wallet-routes.js';

/** Mounts every payment route; their errors are answered by http/error-table.ts. */
export function paymentServiceRoutes(
  router: Router,
  openapi: OpenApiRegistry,
  deps: ServiceDeps,
): void {
  walletRoutes(router, openapi, deps);
  paymentRoutes(router, openapi, deps);
  gatewayRoutes(router, openapi, deps.gateway);
  auditRoutes(router, openapi, deps.pool);
}
