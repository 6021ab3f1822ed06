import type { OpenApiRegistry } from '@lockstep/service-kit';
import type { Router } from 'express';
import type pg from 'pg';
import type { WorkflowContext } from '../workflows/workflow-context.js';
import { assignmentRoutes } from './assignment-routes.js';
import { auditRoutes } from './audit-routes.js';
import { translateDomainErrors } from './domain-error-translation.js';
import { partnerRoutes } from './partner-routes.js';

/** Every route of the service, then the translation of domain errors to HTTP errors. */
export function deliveryRoutes(
  router: Router,
  openapi: OpenApiRegistry,
  pool: pg.Pool,
  ctx: WorkflowContext,
): void {
  partnerRoutes(router, openapi, pool, ctx);
  assignmentRoutes(router, openapi, pool, ctx);
  auditRoutes(router, openapi, pool);
  router.use(translateDomainErrors);
}
