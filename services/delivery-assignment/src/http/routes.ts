import { mountAuditRoute, type OpenApiRegistry } from '@lockstep/service-kit';
import type { Router } from 'express';
import { runAudit } from '../audit/audit-checks.js';
import type { ServiceDeps } from '../use-cases/service-deps.js';
import { assignmentRoutes } from './assignment-routes.js';
import { partnerRoutes } from './partner-routes.js';

/** Every route of the service; their errors are answered by http/error-table.ts. */
export function deliveryRoutes(router: Router, openapi: OpenApiRegistry, deps: ServiceDeps): void {
  partnerRoutes(router, openapi, deps);
  assignmentRoutes(router, openapi, deps);
  mountAuditRoute(router, openapi, {
    service: 'delivery-assignment',
    summary: 'Check the invariants: no order assigned twice, no partner over capacity, ...',
    description:
      'Always 200 when the checks ran; `ok` is false when any invariant is violated, and each check shows its counts.',
    run: () => runAudit(deps.pool),
  });
}
