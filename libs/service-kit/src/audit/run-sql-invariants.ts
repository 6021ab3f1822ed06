import type pg from 'pg';
import { withTransaction } from '../db/with-transaction.js';
import type { AuditCheck, AuditReport } from './audit-report.js';

/** One invariant as SQL: the rows it is about, and those of them that violate it. */
export interface SqlInvariant {
  /** What must hold, in words. */
  name: string;
  /** The rows the invariant is about (their count is `checked`). */
  universe: string;
  /** Those of them that violate it; may use `$1` for the audit's one parameter. */
  violations: string;
}

/**
 * Runs every invariant in one repeatable-read snapshot, so a check never compares rows with
 * others from a later moment, and reports each with its counts and up to ten examples.
 * `parameter` is bound as `$1` for the invariants whose violations query uses it.
 */
export async function runSqlInvariants<Service extends string>(
  pool: pg.Pool,
  service: Service,
  invariants: readonly SqlInvariant[],
  parameter?: unknown,
): Promise<AuditReport<Service>> {
  const checks = await withTransaction(
    pool,
    async (tx) => {
      const results: AuditCheck[] = [];
      for (const invariant of invariants) results.push(await runCheck(tx, invariant, parameter));
      return results;
    },
    { isolation: 'repeatable read' },
  );
  return {
    service,
    ok: checks.every((check) => check.ok),
    checkedAt: new Date().toISOString(),
    checks,
  };
}

async function runCheck(
  tx: pg.PoolClient,
  invariant: SqlInvariant,
  parameter: unknown,
): Promise<AuditCheck> {
  const { rows } = await tx.query<{ checked: number; violations: number; examples: unknown[] }>(
    `WITH universe AS (${invariant.universe}), bad AS (${invariant.violations})
     SELECT (SELECT count(*) FROM universe)::int AS checked,
            (SELECT count(*) FROM bad)::int AS violations,
            (SELECT coalesce(json_agg(e), '[]'::json) FROM (SELECT * FROM bad LIMIT 10) e) AS examples`,
    invariant.violations.includes('$1') ? [parameter] : [],
  );
  const row = rows[0] ?? { checked: 0, violations: 0, examples: [] };
  return {
    name: invariant.name,
    ok: row.violations === 0,
    counts: { checked: row.checked, violations: row.violations },
    examples: row.examples,
  };
}
