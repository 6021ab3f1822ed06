import pg from 'pg';

// SQLSTATEs a losing CREATE DATABASE racer can see: duplicate_database when the winner has
// committed, unique_violation on pg_database's name index when both inserted at once.
const alreadyExists = new Set(['42P04', '23505']);

/** The database name in a postgres:// URL (its path without the slash). */
export function databaseNameOf(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (name === '') throw new Error('database URL names no database');
  return name;
}

/** The same server and credentials, but the `postgres` maintenance database. */
export function maintenanceUrl(url: string): string {
  const admin = new URL(url);
  admin.pathname = '/postgres';
  return admin.toString();
}

/** A quoted SQL identifier; CREATE DATABASE takes no bind parameters. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Creates the URL's database if it does not exist yet, connecting to the `postgres`
 * database of the same server. Safe when several replicas start at once: the losers of the
 * race see "already exists" and carry on. Resolves true if this call created it.
 */
export async function ensureDatabaseExists(url: string): Promise<boolean> {
  const name = databaseNameOf(url);
  const client = new pg.Client({ connectionString: maintenanceUrl(url) });
  await client.connect();
  try {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (existing.rowCount !== 0) return false;
    try {
      await client.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
      return true;
    } catch (error) {
      if (alreadyExists.has((error as { code?: string }).code ?? '')) return false;
      throw error;
    }
  } finally {
    await client.end();
  }
}
