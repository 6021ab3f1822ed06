import pg from 'pg';
import { runAudit } from './audit/run-audit.js';

/**
 * `npm run audit`: checks the payment invariants in DATABASE_URL's database, prints each with
 * pass/fail and counts, and exits 1 if any fails (2 if the audit could not run at all).
 */
async function main(): Promise<number> {
  const url = process.env.DATABASE_URL;
  if (url === undefined || url === '') {
    process.stderr.write('DATABASE_URL: required but not set (the payment database)\n');
    return 2;
  }
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    const report = await runAudit(pool);
    for (const check of report.checks) {
      const counts = Object.entries(check.details)
        .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join(',') : String(value)}`)
        .join(' ');
      process.stdout.write(
        `${check.ok ? 'PASS' : 'FAIL'} ${check.name}: violations=${check.violations} ${counts}\n`,
      );
    }
    process.stdout.write(`payment audit: ${report.ok ? 'clean' : 'VIOLATIONS FOUND'}\n`);
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
