import { localTopology } from '@lockstep/infra-local';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, rowCounts } from '../src/index.ts';

/** Whether the local stack's Postgres holds a database of that name. */
async function exists(name: string): Promise<boolean> {
  const client = new pg.Client({ ...localTopology().postgres, database: 'postgres' });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return rowCount === 1;
  } finally {
    await client.end();
  }
}

describe('createTestDatabase', () => {
  it('creates a database its url reaches, and drop() removes it even while a pool is connected', async () => {
    const database = await createTestDatabase({ prefix: 'Testkit-DB' });
    expect(database.name).toMatch(new RegExp(`^testkit_db_${process.pid}_\\d+$`));
    const pool = new pg.Pool({ connectionString: database.url, max: 1 });
    // The drop terminates the pool's idle connection, which is what this test asks of it.
    pool.on('error', () => undefined);
    try {
      await pool.query('CREATE TABLE items (id int); INSERT INTO items VALUES (1), (2)');
      expect(await rowCounts(pool)).toEqual({ items: 2 });
      expect(await rowCounts(pool, ['items'])).toEqual({});
      await database.drop();
      expect(await exists(database.name)).toBe(false);
    } finally {
      await pool.end().catch(() => undefined);
    }
  });

  it('gives two suites of one process two databases', async () => {
    const [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    try {
      expect(a.name).not.toBe(b.name);
      expect(await exists(a.name)).toBe(true);
      expect(await exists(b.name)).toBe(true);
    } finally {
      await a.drop();
      await b.drop();
    }
  });
});
