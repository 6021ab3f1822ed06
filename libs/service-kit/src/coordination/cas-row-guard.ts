import { type CasWrite, casUpdate } from '@lockstep/locks';
import type pg from 'pg';
import { withTransaction } from '../db/with-transaction.js';
import { isDomainError } from '../errors/domain-error.js';
import {
  type FencedRow,
  fenceRejectedCode,
  type GuardedRows,
  type GuardedWork,
  type RowGuard,
  readGuardedRow,
} from './row-guard.js';

/**
 * The row guard of optimistic CAS: no lock server. Read the row and its version, then one
 * transaction whose write is fenced by the version read plus one (`fence < $v + 1`, so only
 * while the row still has version v). Losing a race (FENCE_REJECTED from the work) rolls the
 * attempt back and casUpdate reads again after a jittered backoff; after `maxAttempts` it gives
 * up with CAS_CONFLICT (429). This relies on READ COMMITTED: the UPDATE re-checks the fence
 * against the committed row.
 */
export class CasRowGuard<Row extends FencedRow> implements RowGuard<Row> {
  constructor(
    private readonly pool: pg.Pool,
    private readonly rows: GuardedRows<Row>,
    private readonly maxAttempts: number,
  ) {}

  async update<T>(id: string, work: GuardedWork<Row, T>): Promise<T> {
    const { result } = await casUpdate({
      resource: this.rows.resource(id),
      maxAttempts: this.maxAttempts,
      read: async () => {
        const row = await readGuardedRow(this.rows, this.pool, id);
        return { value: row, version: row.fence };
      },
      write: ({ value }) => this.attempt(value, work),
    });
    return result;
  }

  private async attempt<T>(row: Row, work: GuardedWork<Row, T>): Promise<CasWrite<T>> {
    try {
      const result = await withTransaction(this.pool, (tx) => work(tx, row, row.fence + 1n));
      return { applied: true, result };
    } catch (error) {
      if (isDomainError(error, fenceRejectedCode)) return { applied: false };
      throw error;
    }
  }
}
