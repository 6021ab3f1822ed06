import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { outboxMigrationsDir } from '@lockstep/events';
import { runner } from 'node-pg-migrate';
import pg from 'pg';
import type { Logger } from 'pino';

/** Options for {@link runMigrations}. */
export interface MigrationOptions {
  /** postgres:// URL of the service's database. */
  url: string;
  /** Folder of migration files (`.sql` with `-- Up Migration` / `-- Down Migration`, or `.js`/`.ts`). */
  dir: string;
  /** Where node-pg-migrate's messages go. */
  logger: Logger;
  /** Table recording the service's applied migrations; default `pgmigrations` (node-pg-migrate's own). */
  table?: string;
}

/** The history of the outbox's migrations (@lockstep/events), apart from the service's own. */
export const outboxMigrationsTable = 'pgmigrations_outbox';

// Services once carried a copy of the notify trigger as a migration of their own, under this
// name. The outbox's history records it now; see forgetCopiedOutboxMigration.
const copiedOutboxMigration = '002_outbox-notify';

/**
 * Applies the outbox's migrations from @lockstep/events (the outbox, dedupe table and notify
 * trigger, under their own history table {@link outboxMigrationsTable}), then every pending
 * migration of the service, and returns the names applied. Replicas starting together are
 * safe: node-pg-migrate holds a Postgres advisory lock (scoped to this database) while it
 * reads and applies migrations. Its default is to fail when the lock is taken; we wait
 * instead, so the second replica blocks until the first is done, then finds nothing left to
 * run and starts normally.
 */
export async function runMigrations(options: MigrationOptions): Promise<string[]> {
  const outbox = await migrate(options, outboxMigrationsDir, outboxMigrationsTable);
  const table = options.table ?? 'pgmigrations';
  if (!existsSync(join(options.dir, `${copiedOutboxMigration}.sql`))) {
    await forgetCopiedOutboxMigration(options.url, table);
  }
  const own = await migrate(options, options.dir, table);
  return [...outbox.map((name) => `outbox/${name}`), ...own];
}

async function migrate(options: MigrationOptions, dir: string, table: string): Promise<string[]> {
  const log = options.logger;
  const applied = await runner({
    databaseUrl: options.url,
    dir,
    direction: 'up',
    migrationsTable: table,
    advisoryLockMode: 'wait',
    singleTransaction: true,
    checkOrder: true,
    verbose: false,
    logger: {
      // node-pg-migrate narrates each step at info; that is debug detail for a service.
      debug: (message) => log.debug(message),
      info: (message) => log.debug(message),
      warn: (message) => log.warn(message),
      error: (message) => log.error(message),
    },
  });
  return applied.map((migration) => migration.name);
}

/**
 * A database migrated while its service carried its own copy of the notify trigger lists
 * `002_outbox-notify` in the service's history. The service no longer has that file, so the
 * name would sit where the service's own next migration goes, and checkOrder would refuse to
 * start. Forgetting the name changes no schema: the outbox's own 002 has just re-created the
 * same trigger, harmlessly. Idempotent, so replicas racing here is safe.
 */
async function forgetCopiedOutboxMigration(url: string, table: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ found: string | null }>(
      'SELECT to_regclass($1)::text AS found',
      [table],
    );
    if (rows[0]?.found) {
      await client.query(`DELETE FROM "${table}" WHERE name = $1`, [copiedOutboxMigration]);
    }
  } finally {
    await client.end();
  }
}
