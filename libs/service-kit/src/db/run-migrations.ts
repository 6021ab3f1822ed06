import { runner } from 'node-pg-migrate';
import type { Logger } from 'pino';

/** Options for {@link runMigrations}. */
export interface MigrationOptions {
  /** postgres:// URL of the service's database. */
  url: string;
  /** Folder of migration files (`.sql` with `-- Up Migration` / `-- Down Migration`, or `.js`/`.ts`). */
  dir: string;
  /** Where node-pg-migrate's messages go. */
  logger: Logger;
  /** Table recording applied migrations; default `pgmigrations` (node-pg-migrate's own). */
  table?: string;
}

/**
 * Applies every pending migration, in one transaction, and returns their names. Replicas
 * starting together are safe: node-pg-migrate holds a Postgres advisory lock (scoped to
 * this database) while it reads and applies migrations. Its default is to fail when the
 * lock is taken; we wait instead, so the second replica blocks until the first is done,
 * then finds nothing left to run and starts normally.
 */
export async function runMigrations(options: MigrationOptions): Promise<string[]> {
  const log = options.logger;
  const applied = await runner({
    databaseUrl: options.url,
    dir: options.dir,
    direction: 'up',
    migrationsTable: options.table ?? 'pgmigrations',
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
