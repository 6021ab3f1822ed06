import { mountRoute, type OpenApiRegistry } from '@lockstep/service-kit';
import type { Router } from 'express';
import type pg from 'pg';
import { auditInventory } from '../audit/inventory-audit.js';
import { auditView } from './schemas.js';

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
      summary: "Check inventory's invariants",
      description:
        'Always 200 when the checks ran: `ok` says whether every invariant holds. A failing ' +
        'invariant is a finding about the data, not a failure of this request.',
      tags: ['audit'],
      responses: { 200: auditView },
    },
    async (_input, _req, res) => {
      res.json(await auditInventory(pool, { staleHoldGraceMs }));
    },
  );
}
