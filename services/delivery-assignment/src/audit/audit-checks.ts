import type { Queryable } from '@lockstep/locks';
import type { AuditCheck, AuditReport } from '@lockstep/service-kit';

interface CheckSpec {
  name: string;
  description: string;
  /** One row of integer counts. */
  sql: string;
  /** The count of what the check looked at (reported as `checked`). */
  checked: string;
  /** Counts that must be zero (their sum is reported as `violations`). */
  violations: string[];
}

/*
 * Each check is one SQL statement that counts both the population and the violations, so a
 * passing check still shows how much it looked at. The first can only fail if the primary key
 * on assignments.order_id is lost; it is counted anyway, because the audit's job is to prove
 * the invariant from the data, not to trust the schema.
 */
const checks: CheckSpec[] = [
  {
    name: 'no-order-assigned-twice',
    checked: 'assignment_rows',
    description: 'every order has at most one assignment row, and at most one in progress',
    sql: `SELECT count(*) AS assignment_rows,
                 count(DISTINCT order_id) AS orders,
                 count(*) - count(DISTINCT order_id) AS duplicate_rows,
                 (SELECT count(*) FROM (
                    SELECT order_id FROM assignments WHERE status = 'assigned'
                    GROUP BY order_id HAVING count(*) > 1) twice) AS orders_assigned_twice
            FROM assignments`,
    violations: ['duplicate_rows', 'orders_assigned_twice'],
  },
  {
    name: 'no-partner-over-capacity',
    checked: 'partners',
    description: 'no partner carries more deliveries than its capacity, or fewer than zero',
    sql: `SELECT count(*) AS partners,
                 count(*) FILTER (WHERE active > capacity) AS over_capacity,
                 count(*) FILTER (WHERE active < 0) AS negative_active
            FROM partners`,
    violations: ['over_capacity', 'negative_active'],
  },
  {
    name: 'partner-load-matches-assignments',
    checked: 'partners',
    description: "each partner's active count equals its assignments in progress",
    sql: `SELECT count(*) AS partners,
                 coalesce(sum(p.active), 0) AS active_total,
                 coalesce(sum(a.in_progress), 0) AS assigned_total,
                 count(*) FILTER (WHERE p.active <> coalesce(a.in_progress, 0)) AS mismatched
            FROM partners p
            LEFT JOIN (SELECT partner_id, count(*) AS in_progress FROM assignments
                        WHERE status = 'assigned' GROUP BY partner_id) a
              ON a.partner_id = p.id`,
    violations: ['mismatched'],
  },
  {
    name: 'no-pending-order-in-progress',
    checked: 'pending',
    description: 'no order waits for a partner while it has an assignment in progress',
    sql: `SELECT count(*) AS pending,
                 count(*) FILTER (WHERE EXISTS (
                   SELECT 1 FROM assignments a
                    WHERE a.order_id = p.order_id AND a.status = 'assigned')) AS also_assigned
            FROM pending_orders p`,
    violations: ['also_assigned'],
  },
];

/**
 * Runs every check against the service's database, in the kit's report shape. Each is a
 * separate statement, so on a busy database two checks may see different moments; run it
 * after load stops for an exact answer.
 */
export async function runAudit(db: Queryable): Promise<AuditReport<'delivery-assignment'>> {
  const checkedAt = new Date().toISOString();
  const results: AuditCheck[] = [];
  for (const check of checks) {
    const { rows } = await db.query<Record<string, string | number>>(check.sql);
    const named: Record<string, number> = {};
    for (const [key, value] of Object.entries(rows[0] ?? {})) named[key] = Number(value);
    const violations = check.violations.reduce((sum, key) => sum + (named[key] ?? 0), 0);
    const { [check.checked]: checked = 0, ...others } = named;
    results.push({
      name: check.name,
      description: check.description,
      ok: violations === 0,
      counts: { checked, violations, ...others },
      examples: [],
    });
  }
  return {
    service: 'delivery-assignment',
    ok: results.every((check) => check.ok),
    checkedAt,
    checks: results,
  };
}
