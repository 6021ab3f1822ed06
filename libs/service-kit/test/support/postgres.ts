import { localTopology } from '@lockstep/infra-local';
import pg from 'pg';

const { host, port, user, password } = localTopology().postgres;
let counter = 0;

/** A fresh `kit_test_<pid>_<n>` name and its URL on the local stack; the database is not created. */
export function unusedDatabase(): { name: string; url: string } {
  counter += 1;
  const name = `kit_test_${process.pid}_new_${counter}`;
  return { name, url: `postgres://${user}:${password}@${host}:${port}/${name}` };
}

/** Runs one statement on the maintenance database (for checks and clean-up). */
export async function adminQuery<R extends pg.QueryResultRow>(
  sql: string,
  values: unknown[] = [],
): Promise<R[]> {
  const client = new pg.Client({ host, port, user, password, database: 'postgres' });
  await client.connect();
  try {
    return (await client.query<R>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

/** Drops a database if it exists, disconnecting its sessions. */
export async function dropDatabase(name: string): Promise<void> {
  await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}
