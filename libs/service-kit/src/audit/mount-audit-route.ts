import type { Router } from 'express';
import type { z } from 'zod';
import { mountRoute } from '../openapi/define-route.js';
import type { OpenApiRegistry } from '../openapi/openapi-registry.js';
import type { AuditReport } from './audit-report.js';
import { auditReportSchema } from './audit-report-schema.js';

/** How one service's GET /audit is documented and what it runs. */
export interface AuditRouteOptions<Service extends string, Query extends z.ZodType | undefined> {
  /** The audited service: the `service` literal of the documented report. */
  service: Service;
  /** One line shown in API explorers. */
  summary: string;
  /** What the checks hold and how to read the answer. */
  description: string;
  /** Query parameters the checks read; without it GET /audit takes none. */
  query?: Query;
  /** Runs every check against the service's database; its report is the 200 answer. */
  run: (
    query: Query extends z.ZodType ? z.output<Query> : undefined,
  ) => Promise<AuditReport<Service>>;
}

/**
 * Mounts GET /audit, an admin route (it reveals counts and ids of the service's data): the
 * service's invariants, each with pass/fail and counts. Always 200 when the checks ran,
 * whatever `ok` says: a failing invariant is a finding about the data, not a
 * failure of the request. A bad query parameter is answered 400 VALIDATION_FAILED.
 */
export function mountAuditRoute<
  Service extends string,
  Query extends z.ZodType | undefined = undefined,
>(router: Router, openapi: OpenApiRegistry, options: AuditRouteOptions<Service, Query>): void {
  const report = auditReportSchema(options.service);
  mountRoute(
    router,
    openapi,
    {
      method: 'get',
      path: '/audit',
      summary: options.summary,
      description: options.description,
      tags: ['audit'],
      admin: true,
      ...(options.query ? { query: options.query } : {}),
      responses: options.query ? { 200: report, 400: 'VALIDATION_FAILED' } : { 200: report },
    },
    async ({ query }, _req, res) => {
      res.json(await options.run(query as Parameters<typeof options.run>[0]));
    },
  );
}
