import type { ErrorTranslation } from '@lockstep/service-kit';
import {
  DeliveryErrorCode as Code,
  type DeliveryErrorCode,
  type DeliveryFaultCode,
} from '../domain/delivery-errors.js';

/**
 * The HTTP status of every delivery-assignment refusal; a code missing here fails to compile.
 * The faults (PARTNER_LOAD_UNDERFLOW, ORDER_ALREADY_ASSIGNED) are left out on purpose: a bug
 * is answered as a logged 500, never as a guessed status.
 */
export const domainStatuses = {
  [Code.PartnerExists]: 409,
  [Code.PartnerNotFound]: 404,
  [Code.AssignmentNotFound]: 404,
  [Code.AssignmentNotActive]: 409,
  [Code.AssignmentNotYours]: 403,
  [Code.PartnerFull]: 409,
} as const satisfies Record<Exclude<DeliveryErrorCode, DeliveryFaultCode>, number>;

/**
 * How delivery-assignment's errors are answered over HTTP: the only place its codes meet
 * statuses. A compare-and-swap on a partner that lost every attempt (CAS_CONFLICT) is answered
 * by the kit as contention: 429 PARTNER_CONTENDED with Retry-After. The partner is hot right
 * now, and a retry a moment later will most likely apply.
 */
export const errorTable: ErrorTranslation = {
  domain: domainStatuses,
  contended: {
    code: 'PARTNER_CONTENDED',
    message: () => 'the partner is being updated concurrently; retry',
  },
};
