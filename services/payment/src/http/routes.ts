import { mountAuditRoute, type OpenApiRegistry } from '@lockstep/service-kit';
import type { Router } from 'express';
import { runAudit } from '../audit/run-audit.js';
import type { ServiceDeps } from '../use-cases/service-deps.js';
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
  mountAuditRoute(router, openapi, {
    service: 'payment',
    summary: 'Check the payment invariants',
    description:
      'No negative balance; every ledger group and the whole ledger sum to zero; each balance equals its ledger; no payment id charged twice; every payment status matches its ledger groups. Always 200: read `ok`.',
    run: () => runAudit(deps.pool),
  });
}
