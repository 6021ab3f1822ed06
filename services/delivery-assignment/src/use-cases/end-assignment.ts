import { withTransaction } from '@lockstep/service-kit';
import { endAssignment, lockAssignment, type StoredAssignment } from '../db/assignments.js';
import { freeSlotOf } from '../db/partner-cas.js';
import { type AssignmentEnding, assertCanEnd } from '../domain/assignment-status.js';
import { assignmentNotFound, assignmentNotYours } from '../domain/delivery-errors.js';
import { parkOrder } from './assign-order.js';
import type { ServiceDeps } from './service-deps.js';

/**
 * Ends an assignment in progress: `completed` (delivered) or `released` (the partner gives the
 * order back; it is parked again, never to be offered to that partner, and delivery.unassigned
 * says so). Either way the partner's slot is freed by CAS on its version, in the same
 * transaction as the status change, so the partner's active count always equals its
 * assignments in progress. ASSIGNMENT_NOT_FOUND when the order has no assignment;
 * ASSIGNMENT_NOT_ACTIVE when it is not in progress; CAS_CONFLICT when every compare-and-swap on
 * the partner lost (nothing is written in any of them). Only `partnerId`, the partner carrying
 * the order, may end it (FORBIDDEN otherwise): checked on the row-locked assignment, so an
 * order released and handed to another partner meanwhile cannot be ended by the first.
 */
export async function endDelivery(
  deps: ServiceDeps,
  orderId: string,
  ending: AssignmentEnding,
  partnerId: string,
): Promise<StoredAssignment> {
  const ended = await withTransaction(deps.pool, async (tx) => {
    const current = await lockAssignment(tx, orderId);
    if (current === undefined) throw assignmentNotFound(orderId);
    if (current.partnerId !== partnerId) throw assignmentNotYours(orderId);
    assertCanEnd(orderId, current.status);
    await freeSlotOf(tx, current.partnerId, deps.settings.cas, deps.stats);
    const result = await endAssignment(tx, orderId, ending);
    if (ending === 'released') {
      await parkOrder(deps, tx, {
        orderId,
        payload: current.orderPayload,
        attempts: 0,
        excludedPartnerIds: [current.partnerId],
        reason: `released by partner ${current.partnerId}`,
      });
    }
    return result;
  });
  if (ended.status === 'released') deps.wakeRelay();
  return ended;
}
