import type { EventServiceBase } from '@lockstep/service-kit';
import type { Express } from 'express';
import type { ServiceDeps } from '../use-cases/service-deps.js';
import { mountAuditRoutes } from './audit-routes.js';
import { mountBookingRoutes } from './booking-routes.js';
import { errorTable } from './error-table.js';
import { mountShowRoutes } from './show-routes.js';

/** What the HTTP entry point needs. */
export interface BookingAppOptions {
  /** The kit's app builder (OpenAPI, /metrics, error table), from createEventServiceBase. */
  httpApp: EventServiceBase['httpApp'];
  deps: ServiceDeps;
  /** Audit: how long past its deadline a booking may stay non-terminal, in ms. */
  staleHoldGraceMs: number;
}

/** The kit's app with booking's routes, documented in /openapi.json. */
export function createBookingApp(options: BookingAppOptions): Express {
  return options.httpApp({
    description:
      'Shows and their seats. A booking holds several seats at once under etcd locks (taken in ' +
      'one canonical order, all or nothing; seat writes fenced by each lock key create ' +
      'revision) and is confirmed or released by the payment outcome.',
    errors: errorTable,
    routes: (router, openapi) => {
      mountShowRoutes(router, openapi, options.deps);
      mountBookingRoutes(router, openapi, options.deps);
      mountAuditRoutes(router, openapi, options.deps.pool, options.staleHoldGraceMs);
    },
  });
}
