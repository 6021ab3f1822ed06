import {
  envInteger,
  envUrl,
  exitOnConfigError,
  formatAuditReport,
  loadConfig,
} from '@lockstep/service-kit';
import pg from 'pg';
import { z } from 'zod';
import { auditInventory } from './audit/inventory-audit.js';

/**
 * The database inventory uses on the local stack (infra/ports.env): one database per service,
 * named after the service, so `npm run audit` at the root audits a running demo unasked.
 */
const localDatabaseUrl = 'postgres://lockstep:lockstep@127.0.0.1:5442/inventory';

/** What the audit reads from the environment. */
const auditConfigSchema = z.object({
  DATABASE_URL: envUrl(['postgres', 'postgresql'])
    .default(localDatabaseUrl)
    .describe("postgres:// URL of inventory's database; default the local stack's."),
  STALE_HOLD_GRACE_MS: envInteger({ min: 0 })
    .default(30_000)
    .describe('A hold still reserved this long after its expiry counts as stale.'),
});

// `npm run audit`: prints every check with pass/fail and counts; exits 1 if any fails.
await exitOnConfigError(async () => {
  const config = loadConfig(auditConfigSchema);
  const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 1 });
  try {
    const report = await auditInventory(pool, { staleHoldGraceMs: config.STALE_HOLD_GRACE_MS });
    process.stdout.write(`${formatAuditReport(report)}\n`);
    process.exitCode = report.ok ? 0 : 1;
  } finally {
    await pool.end();
  }
});
