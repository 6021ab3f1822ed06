import { envUrl, exitOnConfigError, formatAuditReport, loadConfig } from '@lockstep/service-kit';
import pg from 'pg';
import { z } from 'zod';
import { runAudit } from './audit/audit-checks.js';

/**
 * The database delivery-assignment uses on the local stack (infra/ports.env): one database per
 * service, named after the service, so `npm run audit` at the root audits a running demo unasked.
 */
const localDatabaseUrl = 'postgres://lockstep:lockstep@127.0.0.1:5442/delivery-assignment';

/** `npm run audit`: the invariants of this service's database, one line per check. */
const auditConfigSchema = z.object({
  DATABASE_URL: envUrl(['postgres', 'postgresql'])
    .default(localDatabaseUrl)
    .describe("postgres:// URL of the delivery-assignment database; default the local stack's."),
});

await exitOnConfigError(async () => {
  const config = loadConfig(auditConfigSchema);
  const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 1 });
  try {
    const report = await runAudit(pool);
    process.stdout.write(`${formatAuditReport(report)}\n`);
    process.exitCode = report.ok ? 0 : 1;
  } finally {
    await pool.end();
  }
});
