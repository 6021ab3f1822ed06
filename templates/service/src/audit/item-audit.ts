import { type AuditReport, runSqlInvariants, type SqlInvariant } from '@lockstep/service-kit';
import type pg from 'pg';

/** Options for {@link auditItems}. */
export interface AuditOptions {
  /** A claim still pending this long after it was made is stale, in ms. */
  staleClaimGraceMs: number;
}

// Claimed and settled units per item, as the claims add them up.
const claimSums = `
  SELECT i.item_id, i.claimed, i.settled,
         coalesce(sum(c.quantity), 0)::int AS claims,
         coalesce(sum(c.quantity) FILTER (WHERE c.status = 'settled'), 0)::int AS settled_claims
  FROM items i LEFT JOIN claims c USING (item_id)
  GROUP BY i.item_id, i.claimed, i.settled`;

const invariants: SqlInvariant[] = [
  {
    name: "every item's claimed count is the sum of its claims (no update was lost)",
    universe: 'SELECT item_id FROM items',
    violations: `SELECT * FROM (${claimSums}) s WHERE claimed <> claims`,
  },
  {
    name: "every item's settled count is the sum of its settled claims (each settled once)",
    universe: 'SELECT item_id FROM items',
    violations: `SELECT * FROM (${claimSums}) s WHERE settled <> settled_claims`,
  },
  {
    name: 'no claim is still pending past the grace (the consumer settles every claim)',
    universe: 'SELECT claim_id FROM claims',
    violations: `SELECT claim_id, item_id, created_at FROM claims
                 WHERE status = 'pending'
                   AND created_at < now() - make_interval(secs => $1::double precision / 1000)`,
  },
];

/** Checks acme-widgets' invariants in one repeatable-read snapshot. */
export function auditItems(
  pool: pg.Pool,
  options: AuditOptions,
): Promise<AuditReport<'acme-widgets'>> {
  return runSqlInvariants(pool, 'acme-widgets', invariants, options.staleClaimGraceMs);
}
