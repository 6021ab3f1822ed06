import type { Queryable } from '@lockstep/locks';

interface PendingOrderRow {
  order_id: string;
  payload: unknown;
  attempts: number;
  excluded_partner_ids: string[];
  next_attempt_at: Date;
}

/** An order waiting for a partner. */
export interface PendingOrder {
  orderId: string;
  /** The order.confirmed payload it is retried from. */
  payload: unknown;
  /** Assignment attempts that found no partner so far. */
  attempts: number;
  /** Partners never to try again for this order (they released it). */
  excludedPartnerIds: string[];
  /** When the retry loop may try again. */
  nextAttemptAt: Date;
}

/** What parking an order needs. */
export interface NewPendingOrder {
  orderId: string;
  payload: unknown;
  attempts: number;
  excludedPartnerIds: readonly string[];
  /** Milliseconds from now until the first retry is due. */
  delayMs: number;
}

function toPendingOrder(row: PendingOrderRow): PendingOrder {
  return {
    orderId: row.order_id,
    payload: row.payload,
    attempts: row.attempts,
    excludedPartnerIds: row.excluded_partner_ids,
    nextAttemptAt: row.next_attempt_at,
  };
}

/** Whether the order is waiting for a partner. */
export async function isPending(db: Queryable, orderId: string): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM pending_orders WHERE order_id = $1', [
    orderId,
  ]);
  return rowCount === 1;
}

/** Parks an order for the retry loop. A second park of the same order is a fault (PK). */
export async function addPendingOrder(tx: Queryable, order: NewPendingOrder): Promise<void> {
  await tx.query(
    `INSERT INTO pending_orders (order_id, payload, attempts, excluded_partner_ids, next_attempt_at)
     VALUES ($1, $2::jsonb, $3, $4::text[], now() + $5 * interval '1 millisecond')`,
    [
      order.orderId,
      JSON.stringify(order.payload),
      order.attempts,
      order.excludedPartnerIds,
      order.delayMs,
    ],
  );
}

/**
 * Locks the pending order that has been due longest, skipping rows another replica's retry
 * transaction holds, so two replicas never retry the same order at once and never wait for
 * each other. The lock lasts until the caller's transaction ends.
 */
export async function claimDuePendingOrder(tx: Queryable): Promise<PendingOrder | undefined> {
  const { rows } = await tx.query<PendingOrderRow>(
    `SELECT * FROM pending_orders
      WHERE next_attempt_at <= now()
      ORDER BY next_attempt_at, order_id
      LIMIT 1
      FOR UPDATE SKIP LOCKED`,
  );
  return rows[0] === undefined ? undefined : toPendingOrder(rows[0]);
}

/** Removes an order that got a partner. */
export async function removePendingOrder(tx: Queryable, orderId: string): Promise<void> {
  await tx.query('DELETE FROM pending_orders WHERE order_id = $1', [orderId]);
}

/** Records one more failed attempt and when to try next. */
export async function postponePendingOrder(
  tx: Queryable,
  orderId: string,
  attempts: number,
  delayMs: number,
): Promise<void> {
  await tx.query(
    `UPDATE pending_orders
        SET attempts = $2, next_attempt_at = now() + $3 * interval '1 millisecond'
      WHERE order_id = $1`,
    [orderId, attempts, delayMs],
  );
}
