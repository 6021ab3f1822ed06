import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database, ServiceRuntime } from '../src/index.ts';
import { memoryLogger } from './support/memory-logger.ts';
import { adminQuery, dropDatabase, unusedDatabase } from './support/postgres.ts';

const migrationsDir = fileURLToPath(new URL('./fixtures/migrations', import.meta.url));
const created: string[] = [];

afterAll(async () => {
  for (const name of created) await dropDatabase(name);
});

/** One replica of a service: a runtime whose only component is its database. */
function replica(url: string): { runtime: ServiceRuntime; database: Database } {
  const { logger } = memoryLogger('silent');
  const runtime = new ServiceRuntime({ logger });
  const database = runtime.add(
    createDatabase({ url, logger, migrationsDir, createIfMissing: true, maxConnections: 2 }),
  );
  return { runtime, database };
}

async function count(url: string, sql: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(sql);
    return Number(rows[0]?.n);
  } finally {
    await client.end();
  }
}

describe('database start-up: create and migrate', () => {
  it('two replicas starting together on a new database both succeed and migrate it exactly once', async () => {
    const { name, url } = unusedDatabase();
    created.push(name);
    const replicas = [replica(url), replica(url)];
    const results = await Promise.allSettled(replicas.map((r) => r.runtime.start()));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);

    expect(await adminQuery('SELECT 1 FROM pg_database WHERE datname = $1', [name])).toHaveLength(
      1,
    );
    expect(
      await count(
        url,
        "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'orders'",
      ),
    ).toBe(1);
    expect(await count(url, 'SELECT count(*) AS n FROM pgmigrations')).toBe(1);
    // @lockstep/events' three migrations (outbox, its NOTIFY trigger, processed-event digests),
    // recorded in their own history.
    expect(await count(url, 'SELECT count(*) AS n FROM pgmigrations_outbox')).toBe(3);
    expect(await count(url, 'SELECT count(DISTINCT name) AS n FROM pgmigrations_outbox')).toBe(3);

    // Both replicas are usable and ready afterwards.
    for (const { database } of replicas) await database.ready();
    for (const { runtime } of replicas)
      expect((await runtime.readiness.evaluate()).ready).toBe(true);
    await Promise.all(replicas.map((r) => r.runtime.stop()));
  });

  it('a restart finds nothing left to migrate', async () => {
    const { name, url } = unusedDatabase();
    created.push(name);
    const { logger } = memoryLogger('silent');
    const first = createDatabase({ url, logger, migrationsDir, createIfMissing: true });
    await first.start();
    await first.stop();
    const second = createDatabase({ url, logger, migrationsDir });
    expect(await second.migrate()).toEqual([]);
    await second.stop();
  });

  it('a database whose service once carried its own 002_outbox-notify migration forgets that name and keeps its trigger', async () => {
    const { name, url } = unusedDatabase();
    created.push(name);
    const { logger } = memoryLogger('silent');
    const first = createDatabase({ url, logger, migrationsDir, createIfMissing: true });
    await first.start();
    await first.stop();
    // What a service's history held before the outbox's migrations moved to the library.
    await count(url, "INSERT INTO pgmigrations (name, run_on) VALUES ('002_outbox-notify', now())");
    const second = createDatabase({ url, logger, migrationsDir });
    expect(await second.migrate()).toEqual([]);
    await second.stop();
    expect(
      await count(url, "SELECT count(*) AS n FROM pgmigrations WHERE name = '002_outbox-notify'"),
    ).toBe(0);
    expect(
      await count(url, "SELECT count(*) AS n FROM pg_trigger WHERE tgname = 'outbox_notify'"),
    ).toBe(1);
  });
});
