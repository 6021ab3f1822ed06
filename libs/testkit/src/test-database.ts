import { localTopology } from '@lockstep/infra-local';
import pg from 'pg';

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
 * Creates a uniquely named database (`<prefix>_<pid>_<n>`) for a test suite to migrate and use;
 * call `drop()` in afterAll. Names include the pid so parallel test processes never collide.
 */
export async function createTestDatabase(
  options: { prefix?: string; server?: TestServer } = {},
): Promise<TestDatabase> {
  const server = options.server ?? localTopology().postgres;
  // Only [a-z0-9_] remain, so the name needs no quoting beyond the double quotes below.
  const prefix = (options.prefix ?? 'test').toLowerCase().replace(/[^a-z0-9_]/g, '_');
  created += 1;
  const name = `${prefix}_${process.pid}_${created}`;
  const credentials = `${encodeURIComponent(server.user)}:${encodeURIComponent(server.password)}`;
  const url = `postgres://${credentials}@${server.host}:${server.port}/${name}`;
  await maintenanceQuery(server, `CREATE DATABASE "${name}"`);
  return {
    url,
    name,
    drop: () => maintenanceQuery(server, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

/** Runs one statement on the server's `postgres` database (CREATE DATABASE takes no binds). */
async function maintenanceQuery(server: TestServer, sql: string): Promise<void> {
  const client = new pg.Client({ ...server, database: 'postgres' });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
