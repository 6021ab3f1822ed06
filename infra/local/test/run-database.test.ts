import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRunDatabase, dropRunDatabase, type RunDatabase } from '../src/fleet/run-database.ts';
import { localTopology } from '../src/topology.ts';

/** Connects as the URL's role to another database of the same server. */
function connectAs(url: string, database?: string): pg.Client {
  const target = new URL(url);
  if (database !== undefined) target.pathname = `/${database}`;
  return new pg.Client({ connectionString: target.toString() });
}

async function withClient<T>(client: pg.Client, work: (c: pg.Client) => Promise<T>): Promise<T> {
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The SQLSTATE a promise rejected with, or 'resolved'. */
function sqlState(pending: Promise<unknown>): Promise<string> {
  return pending.then(
    () => 'resolved',
    (error: { code?: string }) => error.code ?? String(error),
  );
}

const composeScript = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../compose/postgres/create-service-database.sh',
);

/**
 * The compose stack's way: the script the postgres image runs at initialisation, pointed at
 * the local stack's server under a unique name, exactly as the image runs it otherwise.
 */
async function createWithComposeScript(
  prefix: string,
  runId: string,
  service: string,
): Promise<RunDatabase> {
  const name = `lockstep_${prefix}_${runId}_${service}`;
  const password = randomBytes(18).toString('base64url');
  const admin = localTopology().postgres;
  execFileSync('bash', [composeScript, name, password], {
    env: {
      ...process.env,
      POSTGRES_USER: admin.user,
      PGHOST: admin.host,
      PGPORT: String(admin.port),
      PGPASSWORD: admin.password,
    },
    stdio: 'pipe',
  });
  return { name, url: `postgres://${name}:${password}@${admin.host}:${admin.port}/${name}` };
}

describe.each([
  { how: 'a fleet run (native stack)', create: createRunDatabase },
  { how: 'the compose init script', create: createWithComposeScript },
])('$how: a per-service role that owns only its database', ({ create }) => {
  const runId = `${process.pid}_${randomBytes(3).toString('hex')}`;
  let payment: RunDatabase;
  let inventory: RunDatabase;

  beforeAll(async () => {
    payment = await create('roletest', runId, 'payment');
    inventory = await create('roletest', runId, 'inventory');
  });
  afterAll(async () => {
    for (const database of [payment, inventory]) if (database) await dropRunDatabase(database);
  });

  it('the service connects as its own role, not the admin, and can migrate its database', async () => {
    const url = new URL(payment.url);
    expect(decodeURIComponent(url.username)).toBe(payment.name);
    expect(url.username).not.toBe(localTopology().postgres.user);
    const who = await withClient(connectAs(payment.url), async (c) => {
      // What a migration does: tables, a trigger function (the outbox's NOTIFY), a trigger.
      await c.query('CREATE TABLE wallets (id text PRIMARY KEY)');
      await c.query(
        "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END'",
      );
      await c.query(
        'CREATE TRIGGER t BEFORE INSERT ON wallets FOR EACH ROW EXECUTE FUNCTION touch()',
      );
      await c.query("INSERT INTO wallets VALUES ('w1')");
      const { rows } = await c.query<{ user: string; superuser: boolean; createdb: boolean }>(
        `SELECT current_user AS user, rolsuper AS superuser, rolcreatedb AS createdb
           FROM pg_roles WHERE rolname = current_user`,
      );
      return rows[0];
    });
    expect(who).toEqual({ user: payment.name, superuser: false, createdb: false });
  });

  it("another service's role cannot open this database", async () => {
    expect(await sqlState(withClient(connectAs(inventory.url, payment.name), async () => {}))).toBe(
      '42501',
    );
  });

  it('the role can neither create databases nor roles', async () => {
    const [database, role] = await withClient(connectAs(payment.url), (c) =>
      Promise.all([
        sqlState(c.query(`CREATE DATABASE "${payment.name}_extra"`)),
        sqlState(c.query(`CREATE ROLE "${payment.name}_extra"`)),
      ]),
    );
    expect({ database, role }).toEqual({ database: '42501', role: '42501' });
  });

  it('dropping the run removes the role with the database', async () => {
    const extra = await create('roletest', runId, 'dropped');
    await dropRunDatabase(extra);
    const admin = localTopology().postgres;
    const left = await withClient(
      new pg.Client({ ...admin, database: 'postgres' }),
      async (c) =>
        (
          await c.query(
            `SELECT (SELECT count(*) FROM pg_roles WHERE rolname = $1)::int AS roles,
                    (SELECT count(*) FROM pg_database WHERE datname = $1)::int AS databases`,
            [extra.name],
          )
        ).rows[0],
    );
    expect(left).toEqual({ roles: 0, databases: 0 });
    expect(await sqlState(withClient(connectAs(extra.url), async () => {}))).toBe('28P01');
  });
});
