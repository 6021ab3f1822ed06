/**
 * A lock holder in its own process, driven by test/multi-process.test.ts through argv, stdin
 * and one JSON line per event on stdout. Running holders as separate processes is what lets
 * tests pause one with SIGSTOP or kill it, as a GC pause or a crash would.
 *
 *   lock-worker <backend> counter <resource> <table> <loops> <iterations>
 *   lock-worker <backend> hold <resource> <table> <ttlMs>     (then stdin: "write <value>")
 */
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { localTopology } from '@lockstep/infra-local';
import pg from 'pg';
import { type DistributedLock, withLock } from '../../src/index.ts';
import { fencedWrite } from './fenced-store.ts';

const [backend, mode, resource, table, ...rest] = process.argv.slice(2);
if (!backend || !mode || !resource || !table)
  throw new Error('usage: lock-worker <backend> <mode> <resource> <table> ...');

const emit = (event: Record<string, unknown>) =>
  process.stdout.write(
    `${JSON.stringify(event, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}\n`,
  );

const { createLock } = (await import(`./backends/${backend}.ts`)) as {
  createLock(): Promise<DistributedLock>;
};
const lock = await createLock();
const { host, port, user, password } = localTopology().postgres;
const pool = new pg.Pool({ host, port, user, password, database: 'postgres', max: 4 });

if (mode === 'counter') {
  const loops = Number(rest[0]);
  const iterations = Number(rest[1]);
  let rejected = 0;
  const loop = async () => {
    for (let i = 0; i < iterations; i++) {
      await withLock(
        lock,
        resource,
        async (lease) => {
          // Deliberately non-atomic read-modify-write: only the lock keeps it correct.
          const { rows } = await pool.query<{ value: number }>(
            `SELECT value FROM ${table} WHERE name = $1`,
            [resource],
          );
          await delay(1 + Math.random() * 3);
          const applied = await fencedWrite(
            pool,
            table,
            resource,
            (rows[0]?.value ?? 0) + 1,
            lease.fencingToken,
          );
          if (!applied) rejected++;
        },
        { ttlMs: 5_000, waitMs: 60_000 },
      );
    }
  };
  await Promise.all(Array.from({ length: loops }, loop));
  emit({ event: 'done', rejected });
} else if (mode === 'hold') {
  const ttlMs = Number(rest[0]);
  const lease = await lock.acquire(resource, { ttlMs, waitMs: 10_000 });
  emit({ event: 'acquired', token: lease.fencingToken, tokenKind: lease.tokenKind });
  for await (const line of createInterface({ input: process.stdin })) {
    const [command, value] = line.split(' ');
    if (command !== 'write') continue;
    // The write is attempted even if the lease is gone: the point is that storage refuses it.
    const signalAborted = lease.signal.aborted;
    const remainingMs = lease.remainingMs();
    const applied = await fencedWrite(pool, table, resource, Number(value), lease.fencingToken);
    emit({ event: 'write', applied, signalAborted, remainingMs });
    break;
  }
  await lease.release().catch(() => undefined);
}
await pool.end();
await lock.close();
process.exit(0);
