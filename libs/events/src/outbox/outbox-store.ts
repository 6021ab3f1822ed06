import type { Message } from 'kafkajs';
import type pg from 'pg';
import { encodeEvent } from '../kafka/event-codec.js';
import { beginWith, commitWith, sqlArrayLiteral, sqlInteger } from '../sql/one-round-trip.js';

/** One outbox row as the relay reads it. */
export interface OutboxRow {
  id: string;
  topic: string;
  key: string;
  type: string;
  version: number;
  payload: unknown;
  headers: Record<string, string>;
  created_at: Date;
}

/**
 * Claims up to `limit` unpublished rows, oldest first, locking them for this transaction;
 * rows another relay has locked are skipped, so replicas share the work instead of queueing.
 *
 * Skipping alone would break per-key order: relay A could hold a key's event 1 while relay B
 * publishes its event 2. So a claimed row is returned only if no older unpublished row of the
 * same (topic, key) exists outside this claim. Such an older row is either locked by another
 * relay (it is published first; this row waits for a later tick) or just committed as
 * published. Rows held back stay unpublished and their locks end with the transaction.
 */
const claimSql = `
WITH claimed AS (
  SELECT id, seq, topic, key
  FROM outbox
  WHERE published_at IS NULL
  ORDER BY seq
  LIMIT %LIMIT%
  FOR UPDATE SKIP LOCKED
)
SELECT o.id, o.topic, o.key, o.type, o.version, o.payload, o.headers, o.created_at
FROM claimed c
JOIN outbox o ON o.id = c.id
WHERE NOT EXISTS (
  SELECT 1
  FROM outbox older
  WHERE older.published_at IS NULL
    AND older.topic = c.topic
    AND older.key = c.key
    AND older.seq < c.seq
    AND older.id NOT IN (SELECT id FROM claimed)
)
ORDER BY c.seq`;

/**
 * Opens a transaction and claims the next batch in it (see the query's comment), in one round
 * trip: the limit goes in as a checked integer literal.
 */
export async function beginClaimingOutboxBatch(
  client: pg.ClientBase,
  limit: number,
): Promise<OutboxRow[]> {
  const { rows } = await beginWith<OutboxRow>(
    client,
    claimSql.replace('%LIMIT%', sqlInteger(limit)),
  );
  return rows;
}

/**
 * How long, in ms, the oldest unpublished row has waited (undefined when none waits): a
 * standby relay's test that the leader is stalled. Reads the head of the unpublished index.
 */
export async function oldestUnpublishedAgeMs(
  sql: pg.Pool | pg.ClientBase,
): Promise<number | undefined> {
  const { rows } = await sql.query<{ age_ms: number }>(
    `SELECT extract(epoch FROM now() - created_at)::float8 * 1000 AS age_ms
     FROM outbox WHERE published_at IS NULL ORDER BY seq LIMIT 1`,
  );
  return rows[0]?.age_ms;
}

/**
 * Marks rows published and commits the transaction that claimed them, in one round trip (the
 * ids, uuids read from the outbox, go in as an array literal); just commits when none went out.
 */
export async function markPublishedAndCommit(
  client: pg.ClientBase,
  ids: readonly string[],
): Promise<void> {
  if (ids.length === 0) {
    await client.query('COMMIT');
    return;
  }
  await commitWith(
    client,
    `UPDATE outbox SET published_at = now() WHERE id = ANY(${sqlArrayLiteral(ids, 'uuid')})`,
  );
}

/** The Kafka message for a row: the same envelope and headers the producer saw at enqueue. */
export function outboxRowToMessage(row: OutboxRow): Message {
  return encodeEvent(
    {
      id: row.id,
      type: row.type,
      version: row.version,
      occurredAt: row.created_at.toISOString(),
      key: row.key,
      payload: row.payload,
    },
    row.headers,
  );
}
