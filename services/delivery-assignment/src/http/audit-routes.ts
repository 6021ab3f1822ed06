import { mountRoute, type OpenApiRegistry } from '@lockstep/service-kit';
import type { Router } from 'express';
import type pg from 'pg';
import { runAudit } from '../audit/audit-checks.js';
import { AuditReportView } from './schemas.js';

/** GET /audit: the service's invariants, each with pass/fail and counts. */
export function auditRoutes(router: Router, openapi: OpenApiRegistry, pool: pg.Pool): void {
  mountRoute(
    router,
    openapi,
    {
      method: 'get',
      path: '/audit',
      summary: 'Check the invariants: no order assigned twice, no partner over capacity, ...',
      description:
        'Always 200 when the checks ran; `ok` is false when any invariant is violated, and each check shows its counts.',
      tags: ['audit'],
      responses: { 200: AuditReportView },
    },
    async (_input, _req, res) => {
      res.json(await runAudit(pool));
    },
  );
}
