import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { localTopology } from '../topology.js';

/** A database made for one run of one service, with the role that alone may use it. */
export interface RunDatabase {
  /** `lockstep_<prefix>_<runId>_<service>`, lower-case; the role has the same name. */
  name: string;
  /** postgres:// URL the replicas get as DATABASE_URL: the service's own role, not the admin. */
  url: string;
}

/**
 * Creates an empty database on the local stack's Postgres, owned by a new login role of the
 * same name with a random password; the first replica migrates it. The role is what a
 * service runs as in production: it owns its database and nothing else (no superuser, no
 * CREATEDB, no CREATEROLE), and CONNECT is revoked from PUBLIC, so another service's role
 * cannot even open it. Names are unique per run, so runs sharing the server never meet.
 */
export async function createRunDatabase(
  prefix: string,
  runId: string,
  service: string,
): Promise<RunDatabase> {
  const name = `lockstep_${prefix}_${runId}_${service}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const password = randomBytes(18).toString('base64url');
  await adminQueries([
    `CREATE ROLE ${quote(name)} LOGIN PASSWORD ${literal(password)} ` +
      'NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS',
    `CREATE DATABASE ${quote(name)} OWNER ${quote(name)}`,
    `REVOKE ALL ON DATABASE ${quote(name)} FROM PUBLIC`,
  ]);
  return { name, url: databaseUrl(name, { user: name, password }) };
}

/** Drops a run's database, disconnecting whatever is still connected, and then its role. */
export async function dropRunDatabase(database: RunDatabase): Promise<void> {
  await adminQueries([
    `DROP DATABASE IF EXISTS ${quote(database.name)} WITH (FORCE)`,
    `DROP ROLE IF EXISTS ${quote(database.name)}`,
  ]);
}

function databaseUrl(name: string, login: { user: string; password: string }): string {
  const { host, port } = localTopology().postgres;
  const credentials = `${encodeURIComponent(login.user)}:${encodeURIComponent(login.password)}`;
  return `postgres://${credentials}@${host}:${port}/${name}`;
}

/** Runs statements one by one as the cluster's admin (CREATE DATABASE takes no binds). */
async function adminQueries(statements: string[]): Promise<void> {
  const client = new pg.Client({
    connectionString: databaseUrl('postgres', localTopology().postgres),
  });
  await client.connect();
  try {
    for (const sql of statements) await client.query(sql);
  } finally {
    await client.end();
  }
}

function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}

/** A SQL string literal; the password is base64url, but quoting stays correct for any text. */
function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
