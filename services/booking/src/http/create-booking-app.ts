import { type EventServiceBase, mountAuditRoute } from '@lockstep/service-kit';
import type { Express } from 'express';
import { auditBooking } from '../audit/booking-audit.js';
import type { ServiceDeps } from '../use-cases/service-deps.js';
import { mountBookingRoutes } from './booking-routes.js';
import { errorTable } from './error-table.js';
import { auditQuery } from './schemas.js';
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
      mountAuditRoute(router, openapi, {
        service: 'booking',
        summary: "Check booking's invariants",
        description:
          'Always 200 when the checks ran: `ok` says whether every invariant holds. A failing ' +
          'invariant is a finding about the data, not a failure of this request. With ' +
          '`settled=true` (after load stopped) every booking must be terminal.',
        query: auditQuery,
        run: (query) =>
          auditBooking(options.deps.pool, {
            staleHoldGraceMs: options.staleHoldGraceMs,
            settled: query.settled === 'true',
          }),
      });
    },
  });
}
