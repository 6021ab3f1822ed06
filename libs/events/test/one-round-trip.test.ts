import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beginWith, commitWith, sqlArrayLiteral, sqlInteger } from '../src/sql/one-round-trip.ts';
import { createTestDatabase, type TestDatabase } from './support/test-database.ts';

const hostile = [
  "it's",
  'back\\slash',
  "'; DROP TABLE outbox; --",
  '"quoted" {braces} ,comma',
  'NULL',
  'ünïcødé ✓',
  '',
];

let db: TestDatabase;

describe('statements glued to BEGIN and COMMIT, with literals instead of parameters', () => {
  beforeAll(async () => {
    db = await createTestDatabase('round_trip', 'CREATE TABLE notes (body text NOT NULL)');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('a string literal comes back from Postgres exactly as it went in, whatever it holds', async () => {
    for (const value of hostile) {
      const { rows } = await db.pool.query(`SELECT ${pg.escapeLiteral(value)} AS v`);
      expect(rows[0]?.v).toBe(value);
    }
  });

  it('an array literal comes back element for element, and a bad type name is refused', async () => {
    const { rows } = await db.pool.query(`SELECT ${sqlArrayLiteral(hostile, 'text')} AS v`);
    expect(rows[0]?.v).toEqual(hostile);
    expect(() => sqlArrayLiteral(['x'], 'text); DROP TABLE notes; --')).toThrow(/not a type/);
    expect(() => sqlInteger(1.5)).toThrow(/not an integer/);
    expect(() => sqlInteger(Number.NaN)).toThrow(/not an integer/);
  });

  it('beginWith opens a transaction that commitWith commits, each in one round trip', async () => {
    const client = await db.pool.connect();
    try {
      const inserted = await beginWith(
        client,
        `INSERT INTO notes (body) VALUES (${pg.escapeLiteral('first')}) RETURNING body`,
      );
      expect(inserted.rows).toEqual([{ body: 'first' }]);
      expect(client.getTransactionStatus()).toBe('T');
      await commitWith(client, `INSERT INTO notes (body) VALUES (${pg.escapeLiteral('second')})`);
      expect(client.getTransactionStatus()).toBe('I');
    } finally {
      client.release();
    }
    const { rows } = await db.pool.query('SELECT body FROM notes ORDER BY body');
    expect(rows.map((row) => row.body)).toEqual(['first', 'second']);
  });

  it('a failing statement before COMMIT throws and commits nothing of the transaction', async () => {
    const client = await db.pool.connect();
    try {
      await beginWith(client, `INSERT INTO notes (body) VALUES (${pg.escapeLiteral('third')})`);
      await expect(commitWith(client, 'INSERT INTO notes (body) VALUES (NULL)')).rejects.toThrow(
        /null value/,
      );
      // The COMMIT after the failed statement never ran: the transaction is open and aborted.
      expect(client.getTransactionStatus()).toBe('E');
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    const { rows } = await db.pool.query('SELECT count(*)::int AS n FROM notes');
    expect(rows[0]?.n).toBe(2);
  });
});
