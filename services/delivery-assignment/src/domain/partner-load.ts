import { DomainError } from '@lockstep/service-kit';
import { DeliveryErrorCode } from './delivery-errors.js';

/** How busy a partner is: deliveries in progress out of the most it takes at once. */
export interface PartnerLoad {
  /** Deliveries the partner is carrying now. */
  active: number;
  /** The most deliveries the partner carries at once. */
  capacity: number;
}

/** The partner has no free slot. A business refusal: the caller tries the next partner. */
export class PartnerFullError extends DomainError {
  constructor(partnerId: string, load: PartnerLoad) {
    super(
      DeliveryErrorCode.PartnerFull,
      `partner ${partnerId} is full (${load.active}/${load.capacity})`,
    );
  }
}

/**
 * A partner's active count would drop below zero: the books disagree with reality (an
 * assignment ended that the partner was never counted for). Never expected; a fault.
 */
export class PartnerLoadUnderflowError extends DomainError {
  constructor(partnerId: string) {
    super(
      DeliveryErrorCode.PartnerLoadUnderflow,
      `partner ${partnerId} has no active delivery to end`,
    );
  }
}

/** The active count after the partner takes one more delivery; refuses when it is full. */
export function takeSlot(partnerId: string, load: PartnerLoad): number {
  if (load.active >= load.capacity) throw new PartnerFullError(partnerId, load);
  return load.active + 1;
}

/** The active count after one of the partner's deliveries ends (completed or released). */
export function freeSlot(partnerId: string, load: PartnerLoad): number {
  if (load.active <= 0) throw new PartnerLoadUnderflowError(partnerId);
  return load.active - 1;
}
