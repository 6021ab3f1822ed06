import { mountRoute, type OpenApiRegistry } from '@lockstep/service-kit';
import type { Router } from 'express';
import type pg from 'pg';
import { runAudit } from '../audit/run-audit.js';
import { auditResponse } from './schemas.js';

/** GET /audit: the payment invariants, each with pass/fail and counts. */
export function auditRoutes(router: Router, openapi: OpenApiRegistry, pool: pg.Pool): void {
  mountRoute(
    router,
    openapi,
    {
      method: 'get',
      path: '/audit',
      summary: 'Check the payment invariants',
      description:
        'No negative balance; every ledger group and the whole ledger sum to zero; each balance equals its ledger; no payment id charged twice; every payment status matches its ledger groups. Always 200: read `ok`.',
      tags: ['audit'],
      responses: { 200: auditResponse },
    },
    async (_input, _req, res) => {
      res.json(await runAudit(pool));
    },
  );
}
