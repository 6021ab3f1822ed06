import pg from 'pg';
import { localTopology } from '../topology.js';

/** A database made for one run of one service. */
export interface RunDatabase {
  /** `lockstep_<prefix>_<runId>_<service>`, lower-case. */
  name: string;
  /** postgres:// URL the replicas get as DATABASE_URL. */
  url: string;
}

/**
 * Creates an empty database on the local stack's Postgres; the first replica migrates it.
 * Names are unique per run, so runs sharing the server never meet.
 */
export async function createRunDatabase(
  prefix: string,
  runId: string,
  service: string,
): Promise<RunDatabase> {
  const name = `lockstep_${prefix}_${runId}_${service}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  await adminQuery(`CREATE DATABASE ${quote(name)}`);
  return { name, url: databaseUrl(name) };
}

/** Drops a run's database, disconnecting whatever is still connected. */
export async function dropRunDatabase(database: RunDatabase): Promise<void> {
  await adminQuery(`DROP DATABASE IF EXISTS ${quote(database.name)} WITH (FORCE)`);
}

function databaseUrl(name: string): string {
  const { host, port, user, password } = localTopology().postgres;
  return `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@${host}:${port}/${name}`;
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl('postgres') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}
