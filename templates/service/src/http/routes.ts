import { mountRoute, type OpenApiRegistry } from '@lockstep/service-kit';
import type { Router } from 'express';
import { auditItems } from '../audit/item-audit.js';
import type { ServiceDeps } from '../use-cases/service-deps.js';
import { mountItemRoutes } from './item-routes.js';
import { auditView } from './schemas.js';

/**
 * Every route of acme-widgets, documented in /openapi.json: the item routes, and GET /audit
 * with every invariant's pass/fail and counts (always 200 when the checks ran: a failing
 * invariant is a finding about the data, not a failure of the request).
 */
export function mountRoutes(
  router: Router,
  openapi: OpenApiRegistry,
  deps: ServiceDeps,
  staleClaimGraceMs: number,
): void {
  mountItemRoutes(router, openapi, deps);
  mountRoute(
    router,
    openapi,
    {
      method: 'get',
      path: '/audit',
      summary: 'Check the invariants',
      admin: true,
      responses: { 200: auditView },
    },
    async (_input, _req, res) => {
      res.json(await auditItems(deps.pool, { staleClaimGraceMs }));
    },
  );
}
