import { type AuditCheck, type AuditReport, withTransaction } from '@lockstep/service-kit';
import type pg from 'pg';
import { type InvariantCheck, invariantChecks } from './invariant-checks.js';

/**
 * Runs every invariant check in one read-only REPEATABLE READ transaction: all checks see the
 * same snapshot, so a payment committing mid-audit cannot show up in one query and not in the
 * next and look like a broken ledger. The report has the kit's shape, like every service's.
 */
export async function runAudit(pool: pg.Pool): Promise<AuditReport<'payment'>> {
  const checks = await withTransaction(
    pool,
    async (tx) => {
      await tx.query('SET TRANSACTION READ ONLY');
      const results: AuditCheck[] = [];
      for (const check of invariantChecks) {
        const { rows } = await tx.query<Record<string, unknown>>(check.sql);
        results.push(toAuditCheck(check, rows[0] ?? {}));
      }
      return results;
    },
    { isolation: 'repeatable read' },
  );
  return {
    service: 'payment',
    ok: checks.every((check) => check.ok),
    checkedAt: new Date().toISOString(),
    checks,
  };
}

function toAuditCheck(check: InvariantCheck, row: Record<string, unknown>): AuditCheck {
  const { violations, examples, ...named } = row;
  const counts: Record<string, number> = {};
  // int8 and numeric arrive as strings; every count here is far below 2^53.
  for (const [key, value] of Object.entries(named)) counts[key] = Number(value);
  const broken = Number(violations ?? 0);
  const { [check.checked]: checked = 0, ...others } = counts;
  return {
    name: check.name,
    description: check.description,
    ok: broken === 0,
    counts: { checked, violations: broken, ...others },
    examples: broken > 0 && Array.isArray(examples) ? examples : [],
  };
}
