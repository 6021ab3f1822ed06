import { DomainError } from '@lockstep/service-kit';
import { DeliveryErrorCode } from './delivery-errors.js';

/** Every status an assignment row can have. */
export const assignmentStatuses = ['assigned', 'completed', 'released'] as const;

/**
 * `assigned`: the partner is carrying the order and counts it in its active load.
 * `completed`: delivered. `released`: the partner gave it back; the order is pending again.
 */
export type AssignmentStatus = (typeof assignmentStatuses)[number];

/** How an assignment may end. */
export type AssignmentEnding = Exclude<AssignmentStatus, 'assigned'>;

/**
 * Only an assignment in progress can be completed or released. Its details name the status the
 * assignment has instead (`{ status }`), so a caller can tell delivered from given back.
 */
export class AssignmentNotActiveError extends DomainError {
  /** The status the assignment has instead. */
  readonly status: AssignmentStatus;

  constructor(orderId: string, status: AssignmentStatus) {
    super(
      DeliveryErrorCode.AssignmentNotActive,
      `the assignment of order ${orderId} is already ${status}`,
      { details: { status } },
    );
    this.status = status;
  }
}

/** Checks that an assignment may end now; its partner's load then drops by one. */
export function assertCanEnd(orderId: string, status: AssignmentStatus): void {
  if (status !== 'assigned') throw new AssignmentNotActiveError(orderId, status);
}
