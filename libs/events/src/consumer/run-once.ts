import type pg from 'pg';
import { EventError, EventErrorCode } from '../errors/index.js';

/** What {@link runOnce} did: applied the work, or found the event already processed. */
export type OnceOutcome = 'applied' | 'duplicate';

const recordSql = `
INSERT INTO processed_events (consumer, event_id) VALUES ($1, $2)
ON CONFLICT (consumer, event_id) DO NOTHING`;

/**
 * Runs `work` in one transaction with the record that `consumer` processed `eventId`, so the
 * effect and the dedupe record commit together or not at all. A second delivery finds the
 * record and does nothing. Two deliveries racing (a rebalance hands a partition over
 * mid-message) serialize on the primary key: the later insert waits for the earlier
 * transaction and then sees a conflict, or proceeds if that one rolled back.
 *
 * Failures to open the transaction or write the record throw EVENT_STORE_UNAVAILABLE (the
 * handler never ran); anything thrown by `work` or by COMMIT is rethrown as is.
 */
export async function runOnce(
  pool: pg.Pool,
  consumer: string,
  eventId: string,
  work: (tx: pg.PoolClient) => Promise<void>,
): Promise<OnceOutcome> {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw storeUnavailable(error);
  }
  let broken = false;
  try {
    try {
      await client.query('BEGIN');
      const recorded = await client.query(recordSql, [consumer, eventId]);
      if (recorded.rowCount === 0) {
        await client.query('ROLLBACK');
        return 'duplicate';
      }
    } catch (error) {
      throw storeUnavailable(error);
    }
    await work(client);
    const committed = await client.query('COMMIT');
    // Postgres answers COMMIT of an aborted transaction with ROLLBACK and no error: a handler
    // that swallowed a failed statement would otherwise count as applied with nothing saved.
    if (committed.command !== 'COMMIT') {
      throw new Error('the transaction was aborted by a failed statement inside the handler');
    }
    return 'applied';
  } catch (error) {
    // A failed ROLLBACK means the connection is broken; the server discards the transaction
    // with it, and release(true) keeps the pool from handing the connection out again.
    broken = await client.query('ROLLBACK').then(
      () => false,
      () => true,
    );
    throw error;
  } finally {
    client.release(broken);
  }
}

function storeUnavailable(cause: unknown): EventError {
  return new EventError(
    EventErrorCode.StoreUnavailable,
    'could not open the dedupe transaction in Postgres',
    { cause },
  );
}
