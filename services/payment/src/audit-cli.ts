import { formatAuditReport } from '@lockstep/service-kit';
import pg from 'pg';
import { runAudit } from './audit/run-audit.js';

/**
 * The database payment uses on the local stack (infra/ports.env): one database per service,
 * named after the service, so `npm run audit` at the root audits a running demo unasked.
 */
const localDatabaseUrl = 'postgres://lockstep:lockstep@127.0.0.1:5442/payment';

/**
 * `npm run audit`: checks the payment invariants in DATABASE_URL's database (default the local
 * stack's), prints each with pass/fail and counts, and exits 1 if any fails (2 if the audit
 * could not run at all).
 */
async function main(): Promise<number> {
  const url = process.env.DATABASE_URL || localDatabaseUrl;
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    const report = await runAudit(pool);
    process.stdout.write(`${formatAuditReport(report)}\n`);
    return report.ok ? 0 : 1;
  } finally {
    await pool.end();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`payment audit could not run: ${String(error)}\n`);
    process.exitCode = 2;
  },
);
