import type pg from 'pg';

/** Isolation levels a transaction may ask for. */
export type IsolationLevel = 'read committed' | 'repeatable read' | 'serializable';

/**
 * Runs `work` inside BEGIN/COMMIT on one pooled connection. If `work` throws, the
 * transaction is rolled back and the error rethrown; the connection always goes back to the
 * pool. Use it for a state change and the outbox event it causes, so both or neither land.
 */
export async function withTransaction<T>(
  pool: pg.Pool,
  work: (tx: pg.PoolClient) => Promise<T>,
  options: { isolation?: IsolationLevel } = {},
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(options.isolation ? `BEGIN ISOLATION LEVEL ${options.isolation}` : 'BEGIN');
    try {
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        // The rollback failing means the connection is in an unknown state: destroy it rather
        // than hand it to the next caller. The original error is the one worth reporting.
        broken = rollbackError as Error;
      }
      throw error;
    }
  } finally {
    client.release(broken);
  }
}
