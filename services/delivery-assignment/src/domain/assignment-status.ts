import { DomainError } from './domain-error.js';

/** Every status an assignment row can have. */
export const assignmentStatuses = ['assigned', 'completed', 'released'] as const;

/**
 * `assigned`: the partner is carrying the order and counts it in its active load.
 * `completed`: delivered. `released`: the partner gave it back; the order is pending again.
 */
export type AssignmentStatus = (typeof assignmentStatuses)[number];

/** How an assignment may end. */
export type AssignmentEnding = Exclude<AssignmentStatus, 'assigned'>;

/** Only an assignment in progress can be completed or released. */
export class AssignmentNotActiveError extends DomainError {
  /** The status the assignment has instead. */
  readonly status: AssignmentStatus;

  constructor(orderId: string, status: AssignmentStatus) {
    super('ASSIGNMENT_NOT_ACTIVE', `the assignment of order ${orderId} is already ${status}`);
    this.status = status;
  }
}

/** Checks that an assignment may end now; its partner's load then drops by one. */
export function assertCanEnd(orderId: string, status: AssignmentStatus): void {
  if (status !== 'assigned') throw new AssignmentNotActiveError(orderId, status);
}
