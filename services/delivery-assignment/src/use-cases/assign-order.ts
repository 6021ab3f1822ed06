import { deliveryAssigned, deliveryUnassigned } from '@lockstep/contracts';
import { enqueue } from '@lockstep/events';
import type pg from 'pg';
import { recordAssignment, type StoredAssignment } from '../db/assignments.js';
import { claimSlot } from '../db/partner-cas.js';
import { nearestAvailablePartners } from '../db/partners.js';
import { addPendingOrder } from '../db/pending-orders.js';
import { orderAlreadyAssigned } from '../domain/delivery-errors.js';
import type { OrderToDeliver } from '../domain/order-to-deliver.js';
import { pendingRetryDelayMs } from '../domain/retry-schedule.js';
import type { ServiceDeps } from './service-deps.js';

/** How one assignment attempt ended. */
export type AssignResult =
  | { assigned: true; assignment: StoredAssignment }
  | { assigned: false; reason: string };

/**
 * Tries the nearest partners with a free slot, closest first; the first claim that applies
 * wins. The slot (CAS on the partner's version), the assignment row and delivery.assigned are
 * all written through `tx`, so they commit together or not at all. A partner found full, or
 * lost to concurrent claims after the bounded CAS retries, just moves the order on to the next
 * candidate.
 */
export async function assignToNearestPartner(
  deps: Pick<ServiceDeps, 'settings' | 'stats'>,
  tx: pg.PoolClient,
  order: OrderToDeliver,
  orderPayload: unknown,
  excludedPartnerIds: readonly string[],
): Promise<AssignResult> {
  const { settings, stats } = deps;
  const candidates = await nearestAvailablePartners(tx, order.deliverTo, {
    radiusKm: settings.serviceRadiusKm,
    limit: settings.candidateLimit,
    excludedPartnerIds,
  });
  for (const candidate of candidates) {
    const claim = await claimSlot(tx, candidate.partnerId, settings.cas, stats);
    if (!claim.claimed) continue;
    const assignment = await recordAssignment(tx, {
      orderId: order.orderId,
      partnerId: candidate.partnerId,
      distanceKm: candidate.distanceKm,
      orderPayload,
    });
    // The callers check first, so only a bug or a manual edit gets here; throwing rolls the
    // claimed slot back with everything else.
    if (assignment === undefined) throw orderAlreadyAssigned(order.orderId);
    await enqueue(tx, deliveryAssigned, {
      orderId: order.orderId,
      partnerId: candidate.partnerId,
      distanceKm: candidate.distanceKm,
    });
    stats.assigned += 1;
    return { assigned: true, assignment };
  }
  const reason =
    candidates.length === 0
      ? `no partner with a free slot within ${settings.serviceRadiusKm} km`
      : `the ${candidates.length} nearest partners were full or contended`;
  return { assigned: false, reason };
}

/** What parking an order needs. */
export interface OrderToPark {
  orderId: string;
  payload: unknown;
  /** Assignment attempts that failed so far (0 for a released order: it starts afresh). */
  attempts: number;
  excludedPartnerIds: readonly string[];
  reason: string;
}

/**
 * Parks an order no partner could take and announces it with delivery.unassigned, through
 * `tx`. The retry loop picks it up when due: after the backoff of its attempts, or at once
 * when it has none yet.
 */
export async function parkOrder(
  deps: Pick<ServiceDeps, 'settings' | 'stats'>,
  tx: pg.PoolClient,
  order: OrderToPark,
): Promise<void> {
  await addPendingOrder(tx, {
    orderId: order.orderId,
    payload: order.payload,
    attempts: order.attempts,
    excludedPartnerIds: order.excludedPartnerIds,
    delayMs: order.attempts === 0 ? 0 : pendingRetryDelayMs(order.attempts, deps.settings.retry),
  });
  await enqueue(tx, deliveryUnassigned, {
    orderId: order.orderId,
    reason: order.reason.slice(0, 200),
    attempts: order.attempts,
  });
  deps.stats.pended += 1;
}
