import type { OpenApiRegistry } from '@lockstep/service-kit';
import type { Router } from 'express';
import type { ServiceDeps } from '../use-cases/service-deps.js';
import { assignmentRoutes } from './assignment-routes.js';
import { auditRoutes } from './audit-routes.js';
import { partnerRoutes } from './partner-routes.js';

/** Every route of the service; their errors are answered by http/error-table.ts. */
export function deliveryRoutes(router: Router, openapi: OpenApiRegistry, deps: ServiceDeps): void {
  partnerRoutes(router, openapi, deps);
  assignmentRoutes(router, openapi, deps);
  auditRoutes(router, openapi, deps.pool);
}
