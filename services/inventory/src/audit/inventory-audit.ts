import { type AuditReport, runSqlInvariants, type SqlInvariant } from '@lockstep/service-kit';
import type pg from 'pg';

/** Options for {@link auditInventory}. */
export interface AuditOptions {
  /** A hold still reserved this long after its expiry counts as stale, in ms. */
  staleHoldGraceMs: number;
}

// Sums of the order quantities per SKU and status, for the two "books match" checks.
const unitsByStatus = (status: string) => `
  SELECT s.sku, s.reserved, s.sold, coalesce(o.units, 0)::int AS order_units
  FROM skus s
  LEFT JOIN (
    SELECT sku, sum(quantity) AS units FROM orders WHERE status = '${status}' GROUP BY sku
  ) o USING (sku)`;

const invariants: SqlInvariant[] = [
  {
    name: 'no SKU sold more units than it stocked (sold <= stocked)',
    universe: 'SELECT sku FROM skus',
    violations: 'SELECT sku, stocked, sold FROM skus WHERE sold > stocked',
  },
  {
    name: 'units add up for every SKU (available + reserved + sold = stocked)',
    universe: 'SELECT sku FROM skus',
    violations: `SELECT sku, stocked, available, reserved, sold FROM skus
                 WHERE available + reserved + sold <> stocked
                    OR least(available, reserved, sold) < 0`,
  },
  {
    name: "reserved units equal the quantities of the SKU's reserved orders",
    universe: 'SELECT sku FROM skus',
    violations: `SELECT sku, reserved, order_units FROM (${unitsByStatus('reserved')}) b
                 WHERE reserved <> order_units`,
  },
  {
    name: "sold units equal the quantities of the SKU's confirmed orders",
    universe: 'SELECT sku FROM skus',
    violations: `SELECT sku, sold, order_units FROM (${unitsByStatus('confirmed')}) b
                 WHERE sold <> order_units`,
  },
  {
    name: 'no stale holds (no order still reserved past its expiry plus the grace)',
    universe: "SELECT order_id FROM orders WHERE status = 'reserved'",
    violations: `SELECT order_id, sku, expires_at FROM orders
                 WHERE status = 'reserved'
                   AND expires_at < now() - make_interval(secs => $1::double precision / 1000)`,
  },
];

/**
 * Checks inventory's invariants (docs/architecture.md, "Invariants") in one repeatable-read
 * snapshot, so a check never compares SKU counters with orders from a later moment.
 */
export async function auditInventory(
  pool: pg.Pool,
  options: AuditOptions,
): Promise<AuditReport<'inventory'>> {
  return runSqlInvariants(pool, 'inventory', invariants, options.staleHoldGraceMs);
}
