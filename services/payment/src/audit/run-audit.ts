import { withTransaction } from '@lockstep/service-kit';
import type pg from 'pg';
import { invariantChecks } from './invariant-checks.js';

/** One invariant's result. */
export interface AuditCheckResult {
  /** The check's stable name. */
  name: string;
  /** Whether the invariant holds. */
  ok: boolean;
  /** What must hold. */
  description: string;
  /** Rows breaking it (0 when ok). */
  violations: number;
  /** Counts of what was checked, and example ids when something is wrong. */
  details: Record<string, unknown>;
}

/** Every check's result; `ok` only if all hold. */
export interface AuditReport {
  /** True when every invariant holds. */
  ok: boolean;
  /** One result per invariant, in a fixed order. */
  checks: AuditCheckResult[];
}

/**
 * Runs every invariant check in one read-only REPEATABLE READ transaction: all checks see the
 * same snapshot, so a payment committing mid-audit cannot show up in one query and not in the
 * next and look like a broken ledger.
 */
export async function runAudit(pool: pg.Pool): Promise<AuditReport> {
  const checks = await withTransaction(
    pool,
    async (tx) => {
      await tx.query('SET TRANSACTION READ ONLY');
      const results: AuditCheckResult[] = [];
      for (const check of invariantChecks) {
        const { rows } = await tx.query<Record<string, unknown>>(check.sql);
        const { violations, examples, ...counts } = rows[0] ?? {};
        const details: Record<string, unknown> = {};
        // int8 and numeric arrive as strings; every count here is far below 2^53.
        for (const [key, value] of Object.entries(counts)) details[key] = Number(value);
        const broken = Number(violations ?? 0);
        if (broken > 0 && Array.isArray(examples)) details.examples = examples;
        results.push({
          name: check.name,
          ok: broken === 0,
          description: check.description,
          violations: broken,
          details,
        });
      }
      return results;
    },
    { isolation: 'repeatable read' },
  );
  return { ok: checks.every((check) => check.ok), checks };
}
