import { z } from 'zod';

/**
 * The OpenAPI/zod description of an {@link AuditReport} as GET /audit returns it: one shape
 * for every service, so dashboards, the demo and k6 read them all alike.
 */
export function auditReportSchema<Service extends string>(service: Service) {
  return z.object({
    service: z.literal(service),
    ok: z.boolean().describe('True when every invariant holds.'),
    checkedAt: z.string().describe('When the checks ran (ISO 8601).'),
    checks: z.array(
      z.object({
        name: z.string(),
        description: z.string().optional(),
        ok: z.boolean(),
        counts: z
          .object({ checked: z.number().int(), violations: z.number().int() })
          .catchall(z.number())
          .describe("Rows checked and rows in violation, plus any counts of the check's own."),
        examples: z.array(z.unknown()).describe('Up to ten violating rows or ids.'),
      }),
    ),
  });
}
