import type pg from 'pg';
import { withTransaction } from '../db/with-transaction.js';
import type { LockRunner } from './lock-runner.js';
import {
  type FencedRow,
  type GuardedRows,
  type GuardedWork,
  type RowGuard,
  readGuardedRow,
} from './row-guard.js';

/**
 * The row guard of the lock strategies: the row's lock, then the transaction; the work reads,
 * decides and writes fenced by the lease's token; the lease is checked still held just before
 * the commit; the lock is released after it. Redlock's leases carry no token, so its writes
 * are fenced by the version read plus one instead, as CAS writes are.
 */
export class LockedRowGuard<Row extends FencedRow> implements RowGuard<Row> {
  constructor(
    private readonly runner: LockRunner,
    private readonly pool: pg.Pool,
    private readonly rows: GuardedRows<Row>,
  ) {}

  update<T>(id: string, work: GuardedWork<Row, T>): Promise<T> {
    return this.runner.run(this.rows.resource(id), (held) =>
      withTransaction(this.pool, async (tx) => {
        const row = await readGuardedRow(this.rows, tx, id);
        const result = await work(tx, row, held.leases[0]?.fencingToken ?? row.fence + 1n);
        // A lease that may have run out during the work must not commit (LOCK_LOST, 503).
        held.assertHeld();
        return result;
      }),
    );
  }
}
