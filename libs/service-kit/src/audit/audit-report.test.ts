import { describe, expect, it } from 'vitest';
import { type AuditReport, formatAuditReport } from './audit-report.js';
import { auditReportSchema } from './audit-report-schema.js';

const report: AuditReport<'payment'> = {
  service: 'payment',
  ok: false,
  checkedAt: '2026-11-23T12:00:00.000Z',
  checks: [
    {
      name: 'no-negative-balance',
      description: 'No wallet balance is below zero.',
      ok: true,
      counts: { checked: 3, violations: 0 },
      examples: [],
    },
    {
      name: 'no SKU sold more units than it stocked',
      ok: false,
      counts: { checked: 2, violations: 1, over_by: 4 },
      examples: [{ sku: 'A' }],
    },
  ],
};

describe('audit reports', () => {
  it('print one line per check, the description beside an id, extra counts after the two', () => {
    expect(formatAuditReport(report).split('\n')).toEqual([
      'payment audit at 2026-11-23T12:00:00.000Z',
      '  PASS  no-negative-balance: No wallet balance is below zero. (0 violations in 3 checked)',
      '  FAIL  no SKU sold more units than it stocked (1 violations in 2 checked, over_by 4)',
      '       e.g. [{"sku":"A"}]',
      'AUDIT FAILED',
    ]);
  });

  it('the schema accepts the report and refuses one without the two counts or of another service', () => {
    const schema = auditReportSchema('payment');
    expect(schema.safeParse(report).success).toBe(true);
    const first = report.checks[0];
    const noChecked = { ...report, checks: [{ ...first, counts: { violations: 0 } }] };
    expect(schema.safeParse(noChecked).success).toBe(false);
    expect(schema.safeParse({ ...report, service: 'booking' }).success).toBe(false);
  });
});
