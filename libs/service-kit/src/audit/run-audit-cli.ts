import pg from 'pg';
import { z } from 'zod';
import { envUrl } from '../config/env-schemas.js';
import { exitOnConfigError } from '../config/exit-on-config-error.js';
import { loadConfig } from '../config/load-config.js';
import { type AuditReport, formatAuditReport } from './audit-report.js';

/** What a service's `npm run audit` needs: its database's default and how to audit it. */
export interface AuditCliOptions<Settings extends z.ZodRawShape> {
  /** Service name, for messages. */
  service: string;
  /** DATABASE_URL when none is set: the local stack's database of the service. */
  defaultDatabaseUrl: string;
  /** More environment settings the audit reads (a grace period, a mode). */
  settings?: Settings;
  /** Audits the database. */
  audit: (
    pool: pg.Pool,
    config: z.output<z.ZodObject<Settings>> & { DATABASE_URL: string },
  ) => Promise<AuditReport>;
}

/** What the CLI writes to and exits through; replaced in tests. */
export interface AuditCliIo {
  env: Record<string, string | undefined>;
  write: (text: string) => void;
  writeError: (text: string) => void;
  setExitCode: (code: number) => void;
}

const processIo: AuditCliIo = {
  env: process.env,
  write: (text) => process.stdout.write(text),
  writeError: (text) => process.stderr.write(text),
  setExitCode: (code) => {
    process.exitCode = code;
  },
};

/** Exit code when the audit could not run at all (no database, a query failed). */
export const auditCouldNotRunExitCode = 2;

/**
 * A service's `npm run audit`: reads DATABASE_URL (default the local stack's) and the
 * service's settings, prints every check with pass/fail and counts, and exits 0 when clean,
 * 1 on a violation, 2 when the audit could not run, 78 on bad settings.
 */
export async function runAuditCli<Settings extends z.ZodRawShape>(
  options: AuditCliOptions<Settings>,
  io: AuditCliIo = processIo,
): Promise<void> {
  const schema = z.object({
    DATABASE_URL: envUrl(['postgres', 'postgresql'])
      .default(options.defaultDatabaseUrl)
      .describe(`postgres:// URL of the ${options.service} database; default the local stack's.`),
    ...(options.settings ?? ({} as Settings)),
  });
  await exitOnConfigError(async () => {
    const config = loadConfig(schema, io.env) as Parameters<typeof options.audit>[1];
    const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 1 });
    try {
      const report = await options.audit(pool, config);
      io.write(`${formatAuditReport(report)}\n`);
      io.setExitCode(report.ok ? 0 : 1);
    } catch (error) {
      io.writeError(`${options.service} audit could not run: ${(error as Error).message}\n`);
      io.setExitCode(auditCouldNotRunExitCode);
    } finally {
      await pool.end();
    }
  });
}
