import { mountRoute, type OpenApiRegistry } from '@lockstep/service-kit';
import type { Router } from 'express';
import type pg from 'pg';
import { auditBooking } from '../audit/booking-audit.js';
import { auditQuery, auditView } from './schemas.js';

/** GET /audit: the invariants, each with pass/fail and counts. */
export function mountAuditRoutes(
  router: Router,
  openapi: OpenApiRegistry,
  pool: pg.Pool,
  staleHoldGraceMs: number,
) {
  mountRoute(
    router,
    openapi,
    {
      method: 'get',
      path: '/audit',
      summary: "Check booking's invariants",
      description:
        'Always 200 when the checks ran: `ok` says whether every invariant holds. A failing ' +
        'invariant is a finding about the data, not a failure of this request. With ' +
        '`settled=true` (after load stopped) every booking must be terminal.',
      tags: ['audit'],
      query: auditQuery,
      responses: { 200: auditView, 400: 'VALIDATION_FAILED' },
    },
    async ({ query }, _req, res) => {
      res.json(await auditBooking(pool, { staleHoldGraceMs, settled: query.settled === 'true' }));
    },
  );
}
