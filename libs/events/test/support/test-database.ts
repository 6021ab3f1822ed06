import { localTopology } from '@lockstep/infra-local';
import pg from 'pg';
import {
  outboxMigrationSql,
  outboxNotifyMigrationSql,
  processedEventDigestMigrationSql,
} from '../../src/index.ts';

// Not @lockstep/testkit's createTestDatabase: testkit depends on this package, so its tests keep
// their own (see names.ts).

/** A database of its own for one test file: created with the outbox tables, dropped at the end. */
export interface TestDatabase {
  /** The database's name, for a child process to connect to it. */
  name: string;
  /** Pool on the new database. */
  pool: pg.Pool;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

/** Connection settings for `database` on the local stack's Postgres. */
export function testDatabaseConnection(database: string): pg.PoolConfig {
  const { host, port, user, password } = localTopology().postgres;
  return { host, port, user, password, database };
}

/**
 * Creates `events_test_<pid>_<suffix>` (the server is shared with other engineers and test
 * runs), applies the outbox migrations plus `extraSql` (the test's effect tables).
 */
export async function createTestDatabase(suffix: string, extraSql = ''): Promise<TestDatabase> {
  const name = `events_test_${process.pid}_${suffix}`;
  const admin = new pg.Client(testDatabaseConnection('postgres'));
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const pool = new pg.Pool({ ...testDatabaseConnection(name), max: 10 });
  await pool.query(outboxMigrationSql);
  await pool.query(outboxNotifyMigrationSql);
  await pool.query(processedEventDigestMigrationSql);
  if (extraSql !== '') await pool.query(extraSql);
  return {
    name,
    pool,
    async drop() {
      // pool.end() resolves once it has asked every connection to close, not once they have;
      // the forced drop below may terminate one still closing, whose error is no news then.
      pool.on('error', () => {});
      await pool.end();
      const client = new pg.Client(testDatabaseConnection('postgres'));
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Runs `work` in a transaction on a connection of its own, committed, or rolled back on error. */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (tx: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const tx = await pool.connect();
  try {
    await tx.query('BEGIN');
    const result = await work(tx);
    await tx.query('COMMIT');
    return result;
  } catch (error) {
    await tx.query('ROLLBACK');
    throw error;
  } finally {
    tx.release();
  }
}
