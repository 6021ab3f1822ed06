import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { localTopology } from '../src/topology.ts';

describe('smoke: PostgreSQL', () => {
  const { host, port, user, password } = localTopology().postgres;
  const pool = new pg.Pool({ host, port, user, password, database: 'postgres', max: 2 });
  afterAll(() => pool.end());

  it('pg runs a query on the private cluster and commits a transaction', async () => {
    const { rows } = await pool.query<{ answer: number; version: string }>(
      'select 40 + 2 as answer, current_setting($1) as version',
      ['server_version'],
    );
    expect(rows[0]?.answer).toBe(42);
    expect(rows[0]?.version).toMatch(/^\d+\.\d+/);
    const client = await pool.connect();
    try {
      await client.query('begin');
      await client.query('create temporary table smoke (n int) on commit drop');
      await client.query('insert into smoke values (1), (2)');
      const sum = await client.query<{ total: string }>('select sum(n) as total from smoke');
      expect(sum.rows[0]?.total).toBe('3');
      await client.query('commit');
    } finally {
      client.release();
    }
  });
});
