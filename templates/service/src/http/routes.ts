import {
  createHttpApp,
  type Logger,
  type MetricsHandler,
  mountRoute,
  OpenApiRegistry,
  type Readiness,
} from '@lockstep/service-kit';
import type { Express } from 'express';
import { auditItems } from '../audit/item-audit.js';
import type { ServiceDeps } from '../use-cases/service-deps.js';
import { errorTable } from './error-table.js';
import { mountItemRoutes } from './item-routes.js';
import { auditView } from './schemas.js';

/** What the HTTP entry point needs. */
export interface AppOptions {
  logger: Logger;
  readiness: Readiness;
  deps: ServiceDeps;
  /** Audit: how long a claim may stay pending, in ms. */
  staleClaimGraceMs: number;
  /** Prometheus scrape handler for `/metrics`; none when telemetry was not started. */
  metrics?: MetricsHandler | undefined;
}

/**
 * The kit's app with acme-widgets' routes, documented in /openapi.json, its error table, and
 * GET /audit: every invariant with pass/fail and counts (always 200 when the checks ran; a
 * failing invariant is a finding about the data, not a failure of the request).
 */
export function createApp(options: AppOptions): Express {
  const openapi = new OpenApiRegistry({ title: 'acme-widgets', version: '1.0.0' });
  return createHttpApp({
    logger: options.logger,
    readiness: options.readiness,
    openapi,
    errors: errorTable,
    ...(options.metrics ? { metrics: options.metrics } : {}),
    routes: (router) => {
      mountItemRoutes(router, openapi, options.deps);
      mountRoute(
        router,
        openapi,
        {
          method: 'get',
          path: '/audit',
          summary: 'Check the invariants',
          responses: { 200: auditView },
        },
        async (_input, _req, res) => {
          const { pool } = options.deps;
          res.json(await auditItems(pool, { staleClaimGraceMs: options.staleClaimGraceMs }));
        },
      );
    },
  });
}
