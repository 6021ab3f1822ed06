import { localTopology } from '@lockstep/infra-local';
import { LockErrorCode } from '@lockstep/locks';
import { createTestDatabase, type TestDatabase, uniqueName } from '@lockstep/testkit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createRowGuard,
  DomainError,
  fenceRejected,
  fenceRejectedCode,
  type GuardedRows,
  type RowGuard,
  ServiceRuntime,
  type Sql,
} from '../src/index.ts';
import { memoryLogger } from './support/memory-logger.ts';

interface Counter {
  readonly id: string;
  readonly value: number;
  readonly fence: bigint;
}

const counters: GuardedRows<Counter> = {
  resource: (id) => `counter:${id}`,
  find: async (sql: Sql, id) => {
    const { rows } = await sql.query<{ id: string; value: number; fence: string }>(
      'SELECT id, value, fence FROM counters WHERE id = $1',
      [id],
    );
    const row = rows[0];
    return row && { id: row.id, value: row.value, fence: BigInt(row.fence) };
  },
  notFound: (id) => new DomainError('COUNTER_NOT_FOUND', `counter ${id} does not exist`),
};

/** The fenced write every guarded update makes; FENCE_REJECTED when a newer writer was first. */
async function increment(guard: RowGuard<Counter>, id: string): Promise<void> {
  await guard.update(id, async (tx, counter, fence) => {
    const { rowCount } = await tx.query(
      'UPDATE counters SET value = $2, fence = $3 WHERE id = $1 AND fence < $3',
      [id, counter.value + 1, fence.toString()],
    );
    if (rowCount !== 1) throw fenceRejected(counters.resource(id), fence);
  });
}

const { logger } = memoryLogger('silent');
let database: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  database = await createTestDatabase({ prefix: 'kit_row_guard' });
  pool = new pg.Pool({ connectionString: database.url, max: 8 });
  await pool.query(
    'CREATE TABLE counters (id text PRIMARY KEY, value int NOT NULL, fence numeric NOT NULL DEFAULT 0)',
  );
});

afterAll(async () => {
  await pool?.end();
  await database?.drop();
});

async function newCounter(): Promise<string> {
  const id = uniqueName('counter');
  await pool.query('INSERT INTO counters (id, value) VALUES ($1, 0)', [id]);
  return id;
}

async function counterValue(id: string): Promise<number> {
  const { rows } = await pool.query<{ value: number }>('SELECT value FROM counters WHERE id = $1', [
    id,
  ]);
  return rows[0]?.value ?? -1;
}

describe.each([
  ['cas', { INSTANCE_ID: 'row-guard-test', CAS_MAX_ATTEMPTS: 50 }],
  [
    'zookeeper',
    {
      INSTANCE_ID: uniqueName('row-guard-test'),
      LOCK_WAIT_MS: 10_000,
      ZOOKEEPER_CONNECT: localTopology().zookeeper,
      ZOOKEEPER_SESSION_TIMEOUT_MS: 4_000,
    },
  ],
] as const)('createRowGuard(%s)', (strategy, config) => {
  const runtime = new ServiceRuntime({ logger });
  let guard: RowGuard<Counter>;

  beforeAll(async () => {
    guard = createRowGuard(strategy, config as never, { runtime, logger, db: { pool } }, counters);
    await runtime.start();
  });
  afterAll(() => runtime.stop());

  it('concurrent updates of one row lose none: 20 increments make 20', async () => {
    const id = await newCounter();
    await Promise.all(Array.from({ length: 20 }, () => increment(guard, id)));
    expect(await counterValue(id)).toBe(20);
  });

  it('an update of a row that does not exist is refused with the service error, writing nothing', async () => {
    const missing = uniqueName('missing');
    await expect(increment(guard, missing)).rejects.toMatchObject({ code: 'COUNTER_NOT_FOUND' });
  });

  it('work that fails rolls its transaction back', async () => {
    const id = await newCounter();
    const refusal = guard.update(id, async (tx) => {
      await tx.query('UPDATE counters SET value = 99 WHERE id = $1', [id]);
      throw new DomainError('NOPE', 'the work refused');
    });
    await expect(refusal).rejects.toMatchObject({ code: 'NOPE' });
    expect(await counterValue(id)).toBe(0);
  });
});

describe('createRowGuard under a lock', () => {
  it('a write whose fence is not newer than the last writer is FENCE_REJECTED, not retried', async () => {
    const runtime = new ServiceRuntime({ logger });
    const guard = createRowGuard(
      'zookeeper',
      {
        INSTANCE_ID: uniqueName('row-guard-test'),
        LOCK_WAIT_MS: 5_000,
        ZOOKEEPER_CONNECT: localTopology().zookeeper,
        ZOOKEEPER_SESSION_TIMEOUT_MS: 4_000,
      },
      { runtime, logger, db: { pool } },
      counters,
    );
    await runtime.start();
    try {
      const id = await newCounter();
      // A writer from far in the future: every lease token is older than this fence.
      await pool.query('UPDATE counters SET fence = 1e30 WHERE id = $1', [id]);
      await expect(increment(guard, id)).rejects.toMatchObject({ code: fenceRejectedCode });
      expect(await counterValue(id)).toBe(0);
    } finally {
      await runtime.stop();
    }
  });

  it('CAS gives up with CAS_CONFLICT when every attempt loses', async () => {
    const runtime = new ServiceRuntime({ logger });
    const guard = createRowGuard(
      'cas',
      { INSTANCE_ID: 'row-guard-test', CAS_MAX_ATTEMPTS: 3 },
      { runtime, logger, db: { pool } },
      counters,
    );
    const id = await newCounter();
    let attempts = 0;
    const lost = guard.update(id, async (_tx, counter, fence) => {
      attempts++;
      throw fenceRejected(counters.resource(counter.id), fence);
    });
    await expect(lost).rejects.toMatchObject({ code: LockErrorCode.CasConflict });
    expect(attempts).toBe(3);
  });
});
