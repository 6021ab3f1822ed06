import type { Queryable } from '@lockstep/locks';
import type { Assignment } from '../domain/assignment.js';
import type { AssignmentEnding, AssignmentStatus } from '../domain/assignment-status.js';

interface AssignmentRow {
  order_id: string;
  partner_id: string;
  status: AssignmentStatus;
  distance_km: number;
  order_payload: unknown;
  created_at: Date;
  completed_at: Date | null;
}

/** An assignment with the order.confirmed payload it was made from. */
export interface StoredAssignment extends Assignment {
  /** The order.confirmed payload; a released order is retried from it. */
  orderPayload: unknown;
}

/** What recording an assignment needs. */
export interface NewAssignment {
  orderId: string;
  partnerId: string;
  distanceKm: number;
  orderPayload: unknown;
}

function toAssignment(row: AssignmentRow): StoredAssignment {
  return {
    orderId: row.order_id,
    partnerId: row.partner_id,
    status: row.status,
    distanceKm: row.distance_km,
    createdAt: row.created_at,
    completedAt: row.completed_at,
    orderPayload: row.order_payload,
  };
}

/** The order's assignment, or undefined. */
export async function findAssignment(
  db: Queryable,
  orderId: string,
): Promise<StoredAssignment | undefined> {
  const { rows } = await db.query<AssignmentRow>('SELECT * FROM assignments WHERE order_id = $1', [
    orderId,
  ]);
  return rows[0] === undefined ? undefined : toAssignment(rows[0]);
}

/**
 * The order's assignment, row-locked until the caller's transaction ends, so two requests
 * ending the same assignment (complete vs release, or twice) take turns and the second sees
 * the first one's status.
 */
export async function lockAssignment(
  tx: Queryable,
  orderId: string,
): Promise<StoredAssignment | undefined> {
  const { rows } = await tx.query<AssignmentRow>(
    'SELECT * FROM assignments WHERE order_id = $1 FOR UPDATE',
    [orderId],
  );
  return rows[0] === undefined ? undefined : toAssignment(rows[0]);
}

/**
 * Records the order as assigned. A released order's row is taken over (the primary key keeps
 * one row per order); any other existing row means the order is already being delivered, and
 * the result is undefined: the caller must roll back the slot it claimed.
 */
export async function recordAssignment(
  tx: Queryable,
  assignment: NewAssignment,
): Promise<StoredAssignment | undefined> {
  const { rows } = await tx.query<AssignmentRow>(
    `INSERT INTO assignments (order_id, partner_id, status, distance_km, order_payload)
     VALUES ($1, $2, 'assigned', $3, $4::jsonb)
     ON CONFLICT (order_id) DO UPDATE
       SET partner_id = EXCLUDED.partner_id, status = 'assigned',
           distance_km = EXCLUDED.distance_km, created_at = now(), completed_at = NULL
       WHERE assignments.status = 'released'
     RETURNING *`,
    [
      assignment.orderId,
      assignment.partnerId,
      assignment.distanceKm,
      JSON.stringify(assignment.orderPayload),
    ],
  );
  return rows[0] === undefined ? undefined : toAssignment(rows[0]);
}

/** Sets an assignment's final status; completed_at is stamped only for a delivery. */
export async function endAssignment(
  tx: Queryable,
  orderId: string,
  ending: AssignmentEnding,
): Promise<StoredAssignment> {
  const { rows } = await tx.query<AssignmentRow>(
    `UPDATE assignments
        SET status = $2,
            completed_at = CASE WHEN $2 = 'completed' THEN now() ELSE NULL END
      WHERE order_id = $1
      RETURNING *`,
    [orderId, ending],
  );
  const row = rows[0];
  if (row === undefined) throw new Error(`assignment of order ${orderId} vanished while locked`);
  return toAssignment(row);
}
