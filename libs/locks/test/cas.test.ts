import { localTopology } from '@lockstep/infra-local';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { casUpdate, casUpdateRow, RowNotFoundError } from '../src/cas/index.ts';
import { LockErrorCode } from '../src/index.ts';
import { expectLockError } from './support/expect-lock-error.ts';
import { uniqueResource } from './support/unique-resource.ts';

interface PartnerRow extends pg.QueryResultRow {
  id: string;
  active: number;
  capacity: number;
  version: string;
}

const { host, port, user, password } = localTopology().postgres;
const pool = new pg.Pool({ host, port, user, password, database: 'postgres', max: 12 });
const table = `cas_partners_${process.pid}`;

async function insertPartner(capacity: number): Promise<string> {
  const id = uniqueResource('partner');
  await pool.query(`INSERT INTO ${table} (id, active, capacity, version) VALUES ($1, 0, $2, 0)`, [
    id,
    capacity,
  ]);
  return id;
}

/** Claims one unit of capacity on a partner row, refusing when it is full. */
function claim(id: string, options: { maxAttempts?: number } = {}) {
  return casUpdateRow<PartnerRow>(pool, {
    table,
    key: { column: 'id', value: id },
    ...options,
    mutate: (row) => {
      if (row.active >= row.capacity) throw new Error('FULL');
      return { active: row.active + 1 };
    },
  });
}

describe('optimistic CAS on a versioned Postgres row', () => {
  beforeAll(async () => {
    await pool.query(
      `CREATE TABLE ${table} (id text PRIMARY KEY, active int NOT NULL, capacity int NOT NULL, version bigint NOT NULL)`,
    );
  });
  afterAll(async () => {
    await pool.query(`DROP TABLE IF EXISTS ${table}`);
    await pool.end();
  });

  it('concurrent claims on one row never exceed its capacity; conflicts are retried and counted', async () => {
    const id = await insertPartner(10);
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, () => claim(id, { maxAttempts: 50 })),
    );
    const applied = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter(
      (r) => r.status === 'rejected' && (r.reason as Error).message === 'FULL',
    );
    expect(applied).toHaveLength(10);
    expect(refused).toHaveLength(20);
    const conflicts = applied.reduce(
      (sum, r) => sum + (r.status === 'fulfilled' ? r.value.conflicts : 0),
      0,
    );
    expect(conflicts).toBeGreaterThan(0);
    const { rows } = await pool.query<PartnerRow>(`SELECT * FROM ${table} WHERE id = $1`, [id]);
    expect(rows[0]?.active).toBe(10);
    // Every applied write bumped the version exactly once.
    expect(rows[0]?.version).toBe('10');
    // Each applied write was fenced on a different version, 0 through 9: the version is the token.
    const fences = applied.map((r) => (r.status === 'fulfilled' ? Number(r.value.version) : -1));
    expect(fences.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('a writer that keeps losing gives up with CAS_CONFLICT after its attempts', async () => {
    const id = await insertPartner(100);
    let attempts = 0;
    const error = await expectLockError(
      casUpdate({
        resource: `partner:${id}`,
        maxAttempts: 3,
        baseDelayMs: 1,
        read: async () => ({ value: null, version: BigInt(attempts) }),
        write: async () => {
          attempts++;
          // Someone else always wins: bump the real row so the conflict is genuine.
          await pool.query(`UPDATE ${table} SET version = version + 1 WHERE id = $1`, [id]);
          return { applied: false };
        },
      }),
      LockErrorCode.CasConflict,
    );
    expect(attempts).toBe(3);
    expect((error as unknown as { attempts: number }).attempts).toBe(3);
  });

  it('a cancelled CAS stops between attempts with LOCK_CANCELLED', async () => {
    const cancel = new AbortController();
    let writes = 0;
    await expectLockError(
      casUpdate({
        resource: 'cancelled',
        maxAttempts: 100,
        baseDelayMs: 20,
        signal: cancel.signal,
        read: async () => ({ value: 0, version: 0n }),
        write: async () => {
          writes++;
          if (writes === 2) cancel.abort();
          return { applied: false };
        },
      }),
      LockErrorCode.Cancelled,
    );
    expect(writes).toBe(2);
  });

  it('a stale version is refused by the row itself, not by the client', async () => {
    const id = await insertPartner(5);
    const { rowCount } = await pool.query(
      `UPDATE ${table} SET active = 1, version = version + 1 WHERE id = $1 AND version = $2`,
      [id, '7'],
    );
    expect(rowCount).toBe(0);
  });

  it('an unknown row is reported as ROW_NOT_FOUND, not as a conflict', async () => {
    await expect(claim('no-such-partner')).rejects.toBeInstanceOf(RowNotFoundError);
  });
});
