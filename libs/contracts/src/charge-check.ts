import { EventMismatchError, type MismatchValue } from '@lockstep/events';
import type { z } from 'zod';
import type { paymentReference } from './common.js';

/**
 * A charge as the service that asked for it recorded it: what a payment event about it must
 * repeat. A saga's payment id is its entity's id; the currency is the settlement currency.
 */
export interface RecordedCharge {
  /** The idempotency key of the charge. */
  readonly paymentId: string;
  /** The wallet the charge was asked of. */
  readonly walletId: string;
  /** The amount asked, in cents of `currency`. */
  readonly amountCents: number;
  /** ISO 4217 code of the amount. */
  readonly currency: string;
  /** What the charge pays for; checked when the event names it. */
  readonly reference: z.output<typeof paymentReference>;
}

/** The part of a payment event a charge is checked against. */
export type ChargeClaim = Partial<
  Pick<RecordedCharge, 'paymentId' | 'walletId' | 'amountCents' | 'currency' | 'reference'>
>;

/** The fields compared, in the order a mismatch is reported. */
const checkedFields: ReadonlyArray<{
  field: string;
  of: (charge: ChargeClaim) => MismatchValue | undefined;
}> = [
  { field: 'paymentId', of: (charge) => charge.paymentId },
  { field: 'walletId', of: (charge) => charge.walletId },
  { field: 'amountCents', of: (charge) => charge.amountCents },
  { field: 'currency', of: (charge) => charge.currency },
  { field: 'reference.kind', of: (charge) => charge.reference?.kind },
  { field: 'reference.id', of: (charge) => charge.reference?.id },
];

/**
 * The first field in which `claim` (what an event says) differs from `recorded` (what we asked
 * for), or undefined when every field the event names matches. A field the event leaves out is
 * not compared (a refund request names no wallet or amount).
 */
export function chargeMismatch(
  recorded: RecordedCharge,
  claim: ChargeClaim,
): { field: string; expected: MismatchValue; got: MismatchValue } | undefined {
  for (const { field, of } of checkedFields) {
    const got = of(claim);
    const expected = of(recorded) ?? null;
    if (got !== undefined && got !== expected) return { field, expected, got };
  }
  return undefined;
}

/**
 * Throws EventMismatchError (EVENT_MISMATCH: the consumer dead-letters the event at once and
 * nothing of it is applied) when the event of `eventType` about `subject` claims another
 * charge than the one recorded.
 */
export function assertChargeMatches(
  eventType: string,
  subject: string,
  recorded: RecordedCharge,
  claim: ChargeClaim,
): void {
  const mismatch = chargeMismatch(recorded, claim);
  if (mismatch !== undefined) throw new EventMismatchError(eventType, { ...mismatch, subject });
}
