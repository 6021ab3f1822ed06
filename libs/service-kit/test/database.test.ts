import { createTestDatabase, type TestDatabase } from '@lockstep/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDatabase,
  type Database,
  ensureDatabaseExists,
  withTransaction,
} from '../src/index.ts';
import { memoryLogger } from './support/memory-logger.ts';
import { adminQuery, dropDatabase, unusedDatabase } from './support/postgres.ts';

describe('withTransaction', () => {
  let testDb: TestDatabase;
  let database: Database;

  beforeAll(async () => {
    testDb = await createTestDatabase({ prefix: 'kit_test' });
    database = createDatabase({ url: testDb.url, logger: memoryLogger('silent').logger });
    await database.pool.query('CREATE TABLE stock (sku text PRIMARY KEY, units int NOT NULL)');
  });
  afterAll(async () => {
    await database.stop();
    await testDb.drop();
  });

  it('commits every statement of work that returns, and returns its result', async () => {
    const result = await withTransaction(database.pool, async (tx) => {
      await tx.query("INSERT INTO stock VALUES ('SKU-commit', 5)");
      await tx.query("UPDATE stock SET units = units - 1 WHERE sku = 'SKU-commit'");
      return 'done';
    });
    expect(result).toBe('done');
    const { rows } = await database.pool.query("SELECT units FROM stock WHERE sku = 'SKU-commit'");
    expect(rows).toEqual([{ units: 4 }]);
  });

  it('rolls back when work throws: the row written before the throw is absent', async () => {
    const failure = withTransaction(database.pool, async (tx) => {
      await tx.query("INSERT INTO stock VALUES ('SKU-rollback', 5)");
      throw new Error('payment.requested could not be written');
    });
    await expect(failure).rejects.toThrow('payment.requested could not be written');
    const { rows } = await database.pool.query("SELECT 1 FROM stock WHERE sku = 'SKU-rollback'");
    expect(rows).toEqual([]);
  });

  it('always returns the connection to the pool, after commits and rollbacks alike', async () => {
    for (let i = 0; i < 3; i++) {
      await withTransaction(database.pool, async () => {
        throw new Error('again');
      }).catch(() => undefined);
      await withTransaction(database.pool, async () => undefined);
    }
    expect(database.pool.totalCount - database.pool.idleCount).toBe(0);
  });

  it('runs at the requested isolation level', async () => {
    const level = await withTransaction(
      database.pool,
      async (tx) => (await tx.query('SHOW transaction_isolation')).rows[0].transaction_isolation,
      { isolation: 'serializable' },
    );
    expect(level).toBe('serializable');
  });
});

describe('ensureDatabaseExists', () => {
  const names: string[] = [];
  afterAll(async () => {
    for (const name of names) await dropDatabase(name);
  });

  it('eight replicas racing to create one database all succeed, and exactly one created it', async () => {
    const { name, url } = unusedDatabase();
    names.push(name);
    const created = await Promise.all(Array.from({ length: 8 }, () => ensureDatabaseExists(url)));
    expect(created.filter(Boolean)).toHaveLength(1);
    expect(await adminQuery('SELECT 1 FROM pg_database WHERE datname = $1', [name])).toHaveLength(
      1,
    );
    expect(await ensureDatabaseExists(url)).toBe(false);
  });
});

describe('Database readiness', () => {
  it('ready() passes against a live database and fails when the server is unreachable', async () => {
    const testDb = await createTestDatabase({ prefix: 'kit_test' });
    const { logger } = memoryLogger('silent');
    const live = createDatabase({ url: testDb.url, logger });
    await expect(live.ready()).resolves.toBeUndefined();
    await live.stop();

    const unreachable = new URL(testDb.url);
    unreachable.port = '1';
    const down = createDatabase({ url: unreachable.toString(), logger });
    await expect(down.ready()).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await down.stop();

    await testDb.drop();
  });
});

describe('Database start-up', () => {
  it('opens its first connections at start and keeps idle ones open, so no request pays for a handshake', async () => {
    const testDb = await createTestDatabase({ prefix: 'kit_warm' });
    const database = createDatabase({ url: testDb.url, logger: memoryLogger('silent').logger });
    try {
      await database.start();
      expect(database.pool.totalCount).toBe(4);
      expect(database.pool.idleCount).toBe(4);
      // pg's default would have closed them after 10 s idle; they are still there.
      await new Promise((resolve) => setTimeout(resolve, 11_000));
      expect(database.pool.totalCount).toBe(4);
    } finally {
      await database.stop();
      await testDb.drop();
    }
  }, 30_000);
});
