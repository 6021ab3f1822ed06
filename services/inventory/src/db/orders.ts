import type { GeoPoint, Order, OrderStatus } from '../domain/order.js';
import type { Sql } from './sql.js';

/** What POST /orders stores; status, timestamps and expiry are set by the database. */
export interface NewOrder {
  readonly orderId: string;
  readonly sku: string;
  readonly quantity: number;
  readonly customerId: string;
  readonly walletId: string;
  readonly amountCents: number;
  readonly deliverTo: GeoPoint;
}

interface OrderRow {
  order_id: string;
  sku: string;
  quantity: number;
  customer_id: string;
  wallet_id: string;
  amount_cents: string;
  deliver_to: GeoPoint;
  status: OrderStatus;
  reason: string | null;
  expires_at: Date;
  created_at: Date;
  updated_at: Date;
}

const columns =
  'order_id, sku, quantity, customer_id, wallet_id, amount_cents, deliver_to, status, reason, expires_at, created_at, updated_at';

/**
 * Inserts reserved orders whose holds end `holdMs` from now on the database clock: every
 * replica and the sweeper compare against the same clock, so skew between hosts cannot
 * expire a hold early or keep it late. One statement for the whole batch (one array per
 * column), so a coalesced batch of N orders costs one round trip, not N. Returns the rows in
 * the order given.
 */
export async function insertReservedOrders(
  tx: Sql,
  orders: readonly NewOrder[],
  holdMs: number,
): Promise<Order[]> {
  if (orders.length === 0) return [];
  const { rows } = await tx.query<OrderRow>(
    `INSERT INTO orders
       (order_id, sku, quantity, customer_id, wallet_id, amount_cents, deliver_to, status, expires_at)
     SELECT o.*, 'reserved', now() + make_interval(secs => $8::double precision / 1000)
       FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::bigint[],
                   $7::jsonb[]) AS o
     RETURNING ${columns}`,
    [
      orders.map((order) => order.orderId),
      orders.map((order) => order.sku),
      orders.map((order) => order.quantity),
      orders.map((order) => order.customerId),
      orders.map((order) => order.walletId),
      orders.map((order) => order.amountCents),
      orders.map((order) => JSON.stringify(order.deliverTo)),
      holdMs,
    ],
  );
  // RETURNING promises no order; match the rows back to the request order by id.
  const byId = new Map(rows.map((row) => [row.order_id, toOrder(row)]));
  return orders.map((order) => {
    const stored = byId.get(order.orderId);
    if (!stored) throw new Error(`order ${order.orderId} was not returned by its insert`);
    return stored;
  });
}

/** Reads an order without locking it. */
export async function findOrder(sql: Sql, orderId: string): Promise<Order | undefined> {
  const { rows } = await sql.query<OrderRow>(`SELECT ${columns} FROM orders WHERE order_id = $1`, [
    orderId,
  ]);
  return rows[0] && toOrder(rows[0]);
}

/**
 * Reads an order and row-locks it until the transaction ends. Take the SKU lock first: an
 * order row held while waiting for the SKU lock could deadlock against its holder.
 */
export async function lockOrder(tx: Sql, orderId: string): Promise<Order | undefined> {
  const { rows } = await tx.query<OrderRow>(
    `SELECT ${columns} FROM orders WHERE order_id = $1 FOR UPDATE`,
    [orderId],
  );
  return rows[0] && toOrder(rows[0]);
}

/** Moves an order to a new status (with its reason, null to clear it). */
export async function setOrderStatus(
  tx: Sql,
  orderId: string,
  status: OrderStatus,
  reason: string | null,
): Promise<void> {
  await tx.query(
    'UPDATE orders SET status = $2, reason = $3, updated_at = now() WHERE order_id = $1',
    [orderId, status, reason],
  );
}

/** SKUs that have at least one hold past its expiry, for the sweeper to visit one by one. */
export async function skusWithExpiredHolds(sql: Sql, limit: number): Promise<string[]> {
  const { rows } = await sql.query<{ sku: string }>(
    `SELECT sku FROM orders
     WHERE status = 'reserved' AND expires_at < now()
     GROUP BY sku ORDER BY min(expires_at) LIMIT $1`,
    [limit],
  );
  return rows.map((row) => row.sku);
}

/**
 * How many seconds the oldest hold still reserved is past its expiry, on the database clock;
 * 0 when none is. One probe of the live-holds index, cheap enough for every scrape.
 */
export async function oldestOverdueHoldSeconds(sql: Sql): Promise<number> {
  const { rows } = await sql.query<{ seconds: number }>(
    `SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(expires_at)), 0)::float8 AS seconds
       FROM orders WHERE status = 'reserved' AND expires_at < now()`,
  );
  return rows[0]?.seconds ?? 0;
}

/** Row-locks up to `limit` expired holds of one SKU, oldest first (under its SKU lock). */
export async function lockExpiredHolds(tx: Sql, sku: string, limit: number): Promise<Order[]> {
  const { rows } = await tx.query<OrderRow>(
    `SELECT ${columns} FROM orders
     WHERE sku = $1 AND status = 'reserved' AND expires_at < now()
     ORDER BY expires_at LIMIT $2
     FOR UPDATE`,
    [sku, limit],
  );
  return rows.map(toOrder);
}

function toOrder(row: OrderRow): Order {
  return {
    orderId: row.order_id,
    sku: row.sku,
    quantity: row.quantity,
    customerId: row.customer_id,
    walletId: row.wallet_id,
    // bigint arrives as a string; amounts are bounded far below 2^53 by the API.
    amountCents: Number(row.amount_cents),
    deliverTo: row.deliver_to,
    status: row.status,
    reason: row.reason,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
