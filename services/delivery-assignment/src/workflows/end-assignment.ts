import { withTransaction } from '@lockstep/service-kit';
import type pg from 'pg';
import { endAssignment, lockAssignment, type StoredAssignment } from '../db/assignments.js';
import { freeSlotOf } from '../db/partner-cas.js';
import { type AssignmentEnding, assertCanEnd } from '../domain/assignment-status.js';
import { parkOrder } from './assign-order.js';
import type { WorkflowContext } from './workflow-context.js';

/**
 * Ends an assignment in progress: `completed` (delivered) or `released` (the partner gives the
 * order back; it is parked again, never to be offered to that partner, and delivery.unassigned
 * says so). Either way the partner's slot is freed by CAS on its version, in the same
 * transaction as the status change, so the partner's active count always equals its
 * assignments in progress. Undefined when the order has no assignment; ASSIGNMENT_NOT_ACTIVE
 * when it is not in progress (nothing is written).
 */
export async function endDelivery(
  pool: pg.Pool,
  orderId: string,
  ending: AssignmentEnding,
  ctx: WorkflowContext,
): Promise<StoredAssignment | undefined> {
  const ended = await withTransaction(pool, async (tx) => {
    const current = await lockAssignment(tx, orderId);
    if (current === undefined) return undefined;
    assertCanEnd(orderId, current.status);
    await freeSlotOf(tx, current.partnerId, ctx.settings.cas, ctx.stats);
    const result = await endAssignment(tx, orderId, ending);
    if (ending === 'released') {
      await parkOrder(
        tx,
        {
          orderId,
          payload: current.orderPayload,
          attempts: 0,
          excludedPartnerIds: [current.partnerId],
          reason: `released by partner ${current.partnerId}`,
        },
        ctx,
      );
    }
    return result;
  });
  if (ended?.status === 'released') ctx.wakeRelay();
  return ended;
}
