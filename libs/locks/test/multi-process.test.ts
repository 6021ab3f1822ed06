import { setTimeout as delay } from 'node:timers/promises';
import { localTopology } from '@lockstep/infra-local';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DistributedLock } from '../src/index.ts';
import { createFencedTable, fencedWrite } from './support/fenced-store.ts';
import { uniqueResource } from './support/unique-resource.ts';
import { startWorker } from './support/worker-process.ts';

/**
 * Guarantees that only separate processes can show: mutual exclusion across processes, and
 * fencing of a holder that was paused (SIGSTOP, like a long GC or VM pause) past its lease.
 */
const backends = [
  // name, TTL the paused holder gets, and how long to keep it paused (past TTL + session expiry)
  { name: 'redlock', ttlMs: 1_000, pauseMs: 2_500 },
  { name: 'redis', ttlMs: 1_000, pauseMs: 2_500 },
  { name: 'zookeeper', ttlMs: 2_000, pauseMs: 5_000 },
  { name: 'etcd', ttlMs: 2_000, pauseMs: 5_000 },
] as const;

const { host, port, user, password } = localTopology().postgres;
const pool = new pg.Pool({ host, port, user, password, database: 'postgres', max: 6 });
const table = `fenced_${process.pid}`;

beforeAll(() => createFencedTable(pool, table));
afterAll(async () => {
  await pool.query(`DROP TABLE IF EXISTS ${table}, ${table}_log`);
  await pool.end();
});

describe.each(backends)('$name across processes', ({ name, ttlMs, pauseMs }) => {
  it('three processes incrementing a non-atomic counter under the lock end with the exact count', async () => {
    const resource = uniqueResource(`counter-${name}`);
    const [processes, loops, iterations] = [3, 2, 8];
    const workers = Array.from({ length: processes }, () =>
      startWorker([name, 'counter', resource, table, String(loops), String(iterations)]),
    );
    const results = await Promise.all(workers.map((w) => w.next('done')));
    expect(results.map((r) => r.rejected)).toEqual([0, 0, 0]);
    const { rows } = await pool.query<{ value: number }>(
      `SELECT value FROM ${table} WHERE name = $1`,
      [resource],
    );
    expect(rows[0]?.value).toBe(processes * loops * iterations);
    // Fenced writes never go backwards: in commit order, tokens only grow (or are all absent).
    const log = await pool.query<{ fence: string | null }>(
      `SELECT fence FROM ${table}_log WHERE name = $1 ORDER BY id`,
      [resource],
    );
    const fences = log.rows.map((r) => (r.fence === null ? null : BigInt(r.fence)));
    if (fences.every((f) => f !== null)) {
      for (let i = 1; i < fences.length; i++)
        expect((fences[i] as bigint) >= (fences[i - 1] as bigint)).toBe(true);
    } else {
      expect(fences.every((f) => f === null)).toBe(true);
    }
  });

  it('a holder paused past its TTL loses the lock to another process, and its late write is refused', async () => {
    const resource = uniqueResource(`paused-${name}`);
    const holder = startWorker([name, 'hold', resource, table, String(ttlMs)]);
    const acquired = await holder.next('acquired');
    holder.child.kill('SIGSTOP');
    let contender: DistributedLock | undefined;
    try {
      await delay(pauseMs);
      const { createLock } = (await import(`./support/backends/${name}.ts`)) as {
        createLock(): Promise<DistributedLock>;
      };
      contender = await createLock();
      const lease = await contender.acquire(resource, { ttlMs: 10_000, waitMs: 15_000 });
      expect(await fencedWrite(pool, table, resource, 2, lease.fencingToken)).toBe(true);

      holder.child.kill('SIGCONT');
      holder.send('write 1');
      const late = await holder.next('write');
      // On resume the paused holder's own clock already says the lease is gone...
      expect(late.remainingMs).toBeLessThanOrEqual(0);
      const { rows } = await pool.query<{ value: number }>(
        `SELECT value FROM ${table} WHERE name = $1`,
        [resource],
      );
      if (lease.fencingToken !== null) {
        // ...and where the backend has a token, storage refuses the stale write outright.
        expect(BigInt(acquired.token as string)).toBeLessThan(lease.fencingToken);
        expect(late.applied).toBe(false);
        expect(rows[0]?.value).toBe(2);
      } else {
        // Redlock has no sound token: only the holder checking its signal/remainingMs protects
        // the write, which is why the payment ledger uses idempotency keys and constraints.
        expect(acquired.tokenKind).toBe('none');
      }
      await lease.release();
    } finally {
      holder.child.kill('SIGCONT');
      holder.child.kill('SIGKILL');
      await contender?.close();
    }
  });
});
