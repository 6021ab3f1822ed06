import { DomainError } from '@lockstep/service-kit';

/**
 * Every error delivery-assignment raises, each with a stable code that callers and the consumer
 * branch on. The domain knows no HTTP: http/error-table.ts says which status each refusal is
 * answered with; the two faults are left out of it on purpose (a logged 500).
 */
export const DeliveryErrorCode = {
  /** POST /partners with an id that is taken; nothing was written. */
  PartnerExists: 'PARTNER_EXISTS',
  /** The partner does not exist. */
  PartnerNotFound: 'PARTNER_NOT_FOUND',
  /** The order has no assignment (none yet, or it is still waiting for a partner). */
  AssignmentNotFound: 'ASSIGNMENT_NOT_FOUND',
  /** Only an assignment in progress can be completed or released; nothing was written. */
  AssignmentNotActive: 'ASSIGNMENT_NOT_ACTIVE',
  /**
   * The partner asking is not the one carrying the order; nothing was written. The kit's
   * FORBIDDEN, so a client sees one code for "not yours" whichever check refused it.
   */
  AssignmentNotYours: 'FORBIDDEN',
  /** The partner has no free slot; a claim moves on to the next candidate. */
  PartnerFull: 'PARTNER_FULL',
  /** Fault: a partner's active count would drop below zero (the books disagree with reality). */
  PartnerLoadUnderflow: 'PARTNER_LOAD_UNDERFLOW',
  /** Fault: an order the callers checked as unassigned already has an assignment row. */
  OrderAlreadyAssigned: 'ORDER_ALREADY_ASSIGNED',
} as const;

/** One of {@link DeliveryErrorCode}'s values. */
export type DeliveryErrorCode = (typeof DeliveryErrorCode)[keyof typeof DeliveryErrorCode];

/** The codes that mean a bug or a manual edit, never a refusal a caller can act on. */
export type DeliveryFaultCode =
  | typeof DeliveryErrorCode.PartnerLoadUnderflow
  | typeof DeliveryErrorCode.OrderAlreadyAssigned;

/** PARTNER_EXISTS. */
export function partnerExists(partnerId: string): DomainError {
  return new DomainError(DeliveryErrorCode.PartnerExists, `partner ${partnerId} exists`);
}

/** PARTNER_NOT_FOUND. */
export function partnerNotFound(partnerId: string): DomainError {
  return new DomainError(DeliveryErrorCode.PartnerNotFound, `partner ${partnerId} does not exist`);
}

/** ASSIGNMENT_NOT_FOUND. */
export function assignmentNotFound(orderId: string): DomainError {
  return new DomainError(
    DeliveryErrorCode.AssignmentNotFound,
    `order ${orderId} has no assignment`,
  );
}

/** FORBIDDEN: only the partner carrying an order may end its assignment. */
export function assignmentNotYours(orderId: string): DomainError {
  return new DomainError(
    DeliveryErrorCode.AssignmentNotYours,
    `order ${orderId} is not assigned to the partner asking`,
  );
}

/** ORDER_ALREADY_ASSIGNED (a fault). */
export function orderAlreadyAssigned(orderId: string): DomainError {
  return new DomainError(
    DeliveryErrorCode.OrderAlreadyAssigned,
    `order ${orderId} is being delivered`,
  );
}
