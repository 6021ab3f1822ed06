import { findAssignment, type StoredAssignment } from '../db/assignments.js';
import { assignmentNotFound } from '../domain/delivery-errors.js';
import type { ServiceDeps } from './service-deps.js';

/**
 * An order's assignment; ASSIGNMENT_NOT_FOUND when it has none, which includes an order still
 * waiting for a partner.
 */
export async function readAssignment(
  deps: Pick<ServiceDeps, 'pool'>,
  orderId: string,
): Promise<StoredAssignment> {
  const assignment = await findAssignment(deps.pool, orderId);
  if (assignment === undefined) throw assignmentNotFound(orderId);
  return assignment;
}
