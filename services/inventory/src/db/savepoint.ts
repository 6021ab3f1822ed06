import type { Sql } from './sql.js';

/**
 * Runs `work` inside a savepoint of the caller's transaction: if it throws, only its own
 * statements are undone and the transaction stays usable for the next piece of work. The
 * error is rethrown. If even the rollback fails the connection is broken, and that error
 * (a fault for the whole transaction) is thrown instead.
 */
export async function withSavepoint<T>(tx: Sql, work: () => Promise<T>): Promise<T> {
  await tx.query('SAVEPOINT one_of_batch');
  try {
    const result = await work();
    await tx.query('RELEASE SAVEPOINT one_of_batch');
    return result;
  } catch (error) {
    await tx.query('ROLLBACK TO SAVEPOINT one_of_batch');
    throw error;
  }
}
