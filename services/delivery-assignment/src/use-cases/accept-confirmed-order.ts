import type { orderConfirmed } from '@lockstep/contracts';
import type { PayloadOf } from '@lockstep/events';
import type pg from 'pg';
import { findAssignment } from '../db/assignments.js';
import { hasPartnerWithin } from '../db/partners.js';
import { isPending } from '../db/pending-orders.js';
import { assignToNearestPartner, parkOrder } from './assign-order.js';
import type { ServiceDeps } from './service-deps.js';

/** The payload of order.confirmed. */
export type ConfirmedOrder = PayloadOf<typeof orderConfirmed>;

/** What became of a confirmed order. */
export type Acceptance = 'assigned' | 'pending' | 'already-known' | 'outside-service-area';

/**
 * Gives a confirmed order a partner, or parks it. Runs in the consumer's transaction `tx`,
 * which also records the event as processed: a redelivered event never gets here, and a new
 * event for an order this service already knows (assigned, delivered, released or pending)
 * changes nothing.
 *
 * An order with no partner at all within the service radius belongs to an area this
 * deployment does not serve and is ignored. Topics are shared, so this is also what keeps
 * another deployment's (or test run's) orders out of this database.
 */
export async function acceptConfirmedOrder(
  deps: ServiceDeps,
  tx: pg.PoolClient,
  payload: ConfirmedOrder,
): Promise<Acceptance> {
  const { orderId, deliverTo } = payload;
  if ((await findAssignment(tx, orderId)) !== undefined || (await isPending(tx, orderId))) {
    deps.stats.alreadyKnown += 1;
    return 'already-known';
  }
  if (!(await hasPartnerWithin(tx, deliverTo, deps.settings.serviceRadiusKm))) {
    deps.stats.outsideServiceArea += 1;
    return 'outside-service-area';
  }
  const result = await assignToNearestPartner(deps, tx, { orderId, deliverTo }, payload, []);
  if (result.assigned) return 'assigned';
  await parkOrder(deps, tx, {
    orderId,
    payload,
    attempts: 1,
    excludedPartnerIds: [],
    reason: result.reason,
  });
  return 'pending';
}
