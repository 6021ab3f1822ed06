import {
  createHttpApp,
  type Logger,
  type MetricsHandler,
  OpenApiRegistry,
  type Readiness,
} from '@lockstep/service-kit';
import type { Express } from 'express';
import type { ServiceDeps } from '../use-cases/service-deps.js';
import { mountAuditRoutes } from './audit-routes.js';
import { mountBookingRoutes } from './booking-routes.js';
import { errorTable } from './error-table.js';
import { mountShowRoutes } from './show-routes.js';

/** What the HTTP entry point needs. */
export interface BookingAppOptions {
  logger: Logger;
  readiness: Readiness;
  deps: ServiceDeps;
  /** Audit: how long past its deadline a booking may stay non-terminal, in ms. */
  staleHoldGraceMs: number;
  /** Prometheus scrape handler for `/metrics`; none when telemetry was not started. */
  metrics?: MetricsHandler | undefined;
}

/** The kit's app with booking's routes, documented in /openapi.json. */
export function createBookingApp(options: BookingAppOptions): Express {
  const openapi = new OpenApiRegistry({
    title: 'booking',
    version: '1.0.0',
    description:
      'Shows and their seats. A booking holds several seats at once under etcd locks (taken in ' +
      'one canonical order, all or nothing; seat writes fenced by each lock key create ' +
      'revision) and is confirmed or released by the payment outcome.',
  });
  return createHttpApp({
    logger: options.logger,
    readiness: options.readiness,
    openapi,
    errors: errorTable,
    ...(options.metrics ? { metrics: options.metrics } : {}),
    routes: (router) => {
      mountShowRoutes(router, openapi, options.deps);
      mountBookingRoutes(router, openapi, options.deps);
      mountAuditRoutes(router, openapi, options.deps.pool, options.staleHoldGraceMs);
    },
  });
}
