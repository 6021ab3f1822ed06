import pg from 'pg';
import { EventError, EventErrorCode, EventIdConflictError } from '../errors/index.js';
import { beginWith } from '../sql/one-round-trip.js';

/** What {@link runOnce} did: applied the work, or found the event already processed. */
export type OnceOutcome = 'applied' | 'duplicate';

/** The event a {@link runOnce} records: its id, its type (for errors) and its content digest. */
export interface OnceEvent {
  /** The envelope's id, the dedupe key within a consumer. */
  readonly id: string;
  /** The envelope's type, named in a conflict error. */
  readonly type: string;
  /** SHA-256 of the type, version and payload as received (see contentDigest). */
  readonly digest: string;
}

// Sent with BEGIN in one round trip, so its values are literals (an id, a digest, a name).
const recordSql = (consumer: string, event: OnceEvent) => `
INSERT INTO processed_events (consumer, event_id, digest)
VALUES (${pg.escapeLiteral(consumer)}, ${pg.escapeLiteral(event.id)}, ${pg.escapeLiteral(event.digest)})
ON CONFLICT (consumer, event_id) DO NOTHING`;

const recordedDigestSql =
  'SELECT digest FROM processed_events WHERE consumer = $1 AND event_id = $2';

/**
 * Runs `work` in one transaction with the record that `consumer` processed `event`, so the
 * effect and the dedupe record commit together or not at all. A second delivery finds the
 * record and does nothing. Two deliveries racing (a rebalance hands a partition over
 * mid-message) serialize on the primary key: the later insert waits for the earlier
 * transaction and then sees a conflict, or proceeds if that one rolled back.
 *
 * The record keeps the event's content digest. A later delivery under the same id with the
 * same digest is a redelivery ('duplicate'); with another digest it is not the event we
 * processed, and runOnce throws EVENT_ID_CONFLICT (the message processor dead-letters it) with
 * nothing changed. A record from before digests were kept (NULL) counts as the same content,
 * as every record did then.
 *
 * Failures to open the transaction or write the record throw EVENT_STORE_UNAVAILABLE (the
 * handler never ran); anything thrown by `work` or by COMMIT is rethrown as is.
 */
export async function runOnce(
  pool: pg.Pool,
  consumer: string,
  event: OnceEvent,
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
    let recordedDigest: string | null | undefined;
    try {
      const recorded = await beginWith(client, recordSql(consumer, event));
      if (recorded.rowCount === 0) {
        const { rows } = await client.query<{ digest: string | null }>(recordedDigestSql, [
          consumer,
          event.id,
        ]);
        recordedDigest = rows[0]?.digest ?? null;
        if (recordedDigest === null || recordedDigest === event.digest) {
          await client.query('ROLLBACK');
          return 'duplicate';
        }
      }
    } catch (error) {
      throw storeUnavailable(error);
    }
    // The catch below rolls back: the conflicting event leaves no trace but its dead letter.
    if (recordedDigest !== undefined)
      throw new EventIdConflictError(event.type, event.id, consumer);
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
