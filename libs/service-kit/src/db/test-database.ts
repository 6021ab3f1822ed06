import pg from 'pg';
import { databaseNameOf, maintenanceUrl, quoteIdentifier } from './ensure-database-exists.js';

/** A database made for one test suite. */
export interface TestDatabase {
  /** postgres:// URL of the new database. */
  url: string;
  /** Its name. */
  name: string;
  /** Drops it, disconnecting anyone still connected. */
  drop(): Promise<void>;
}

/** Where the test database is created; default the local stack's Postgres. */
export interface TestServer {
  host: string;
  port: number;
  user: string;
  password: string;
}

let created = 0;

/**
 * Creates a uniquely named database (`<prefix>_<pid>_<n>`) on the local stack's Postgres,
 * for a test suite to migrate and use; call `drop()` in afterAll. Names include the pid so
 * parallel test processes never collide.
 */
export async function createTestDatabase(
  options: { prefix?: string; server?: TestServer } = {},
): Promise<TestDatabase> {
  const server = options.server ?? (await localPostgres());
  const prefix = (options.prefix ?? 'test').toLowerCase().replace(/[^a-z0-9_]/g, '_');
  created += 1;
  const name = `${prefix}_${process.pid}_${created}`;
  const credentials = `${encodeURIComponent(server.user)}:${encodeURIComponent(server.password)}`;
  const url = `postgres://${credentials}@${server.host}:${server.port}/${name}`;
  await adminQuery(url, `CREATE DATABASE ${quoteIdentifier(name)}`);
  return {
    url,
    name,
    drop: () =>
      adminQuery(
        url,
        `DROP DATABASE IF EXISTS ${quoteIdentifier(databaseNameOf(url))} WITH (FORCE)`,
      ),
  };
}

// Imported lazily: @lockstep/infra-local is a dev dependency, and only tests call this, so
// production code loading the kit must not need it.
async function localPostgres(): Promise<TestServer> {
  const { localTopology } = await import('@lockstep/infra-local');
  return localTopology().postgres;
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: maintenanceUrl(url) });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
