import { paymentCompleted, settlementCurrency } from '@lockstep/contracts';
import {
  createEnvelope,
  DeadLetterHeader,
  type EventEnvelope,
  EventHeader,
  headerText,
} from '@lockstep/events';
import type { Producer } from 'kafkajs';
import { expect } from 'vitest';
import type { DeadLetterWatch } from './dead-letter-watch.js';
import type { PaymentReferenceKind } from './payment-results.js';
import { publishResults } from './payment-results.js';
import { waitFor } from './wait-for.js';

/** The charge a saga recorded for one order or booking. */
export interface SagaCharge {
  /** The order or booking id, which is also its payment id. */
  readonly id: string;
  /** The wallet the saga asked payment to debit. */
  readonly walletId: string;
  /** The amount it asked, in cents of the settlement currency. */
  readonly amountCents: number;
}

/** One way a payment.completed can differ from the charge: the field, and what it says instead. */
export interface ChargeMismatch {
  /** The payload field that differs, as the dead letter names it. */
  readonly field: 'paymentId' | 'walletId' | 'amountCents' | 'currency';
  /** The value the forged result carries. */
  readonly got: string | number;
}

/** A currency that is not the settlement currency, whichever that is. */
const otherCurrency = ['EUR', 'GBP'].find((code) => code !== settlementCurrency) as string;

/**
 * A payment.completed for `charge` that differs in one field: another payment id (same
 * reference), another wallet, 1 cent, or another currency. Every field a consumer checks.
 */
export function chargeMismatches(charge: SagaCharge): ChargeMismatch[] {
  return [
    { field: 'paymentId', got: `${charge.id}-other` },
    { field: 'walletId', got: `${charge.walletId}-other` },
    { field: 'amountCents', got: charge.amountCents === 1 ? 2 : 1 },
    { field: 'currency', got: otherCurrency },
  ];
}

/** What {@link expectMismatchesDeadLettered} needs from the service under test. */
export interface MismatchCheckOptions {
  /** Whose charge it is. */
  kind: PaymentReferenceKind;
  /** The charge as the saga recorded it. */
  charge: SagaCharge;
  /** Puts results on payment-results. */
  producer: Producer;
  /** The dead letters of the service's payment-results consumer group, started. */
  deadLetters: DeadLetterWatch;
  /** Reads everything a result could change (the entity's row, stock or seats, the outbox). */
  state: () => Promise<unknown>;
  /** The mismatches to try; every field by default. */
  cases?: readonly ChargeMismatch[];
}

/**
 * For each mismatch (a table, by default {@link chargeMismatches}), publishes a
 * payment.completed for the charge that differs in that one field and checks that it lands in
 * payment-results.dlq with reason `mismatch`, code EVENT_MISMATCH and a message naming the
 * field, what was expected and what came, and that `state` reads the same as before. Resolves
 * with the dead letters' envelopes, in table order. A dead letter is written only after the
 * consumer rolled the event's transaction back, so reading `state` then is not early.
 */
export async function expectMismatchesDeadLettered(
  options: MismatchCheckOptions,
): Promise<EventEnvelope[]> {
  const { kind, charge, producer, deadLetters, state } = options;
  const recorded: Record<ChargeMismatch['field'], string | number> = {
    paymentId: charge.id,
    walletId: charge.walletId,
    amountCents: charge.amountCents,
    currency: settlementCurrency,
  };
  const forged: EventEnvelope[] = [];
  for (const mismatch of options.cases ?? chargeMismatches(charge)) {
    const before = await state();
    const envelope = createEnvelope(paymentCompleted, {
      paymentId: charge.id,
      walletId: charge.walletId,
      amountCents: charge.amountCents,
      currency: settlementCurrency,
      reference: { kind, id: charge.id },
      [mismatch.field]: mismatch.got,
    });
    await publishResults(producer, [envelope]);
    const byId = () =>
      deadLetters.messages.find((m) => headerText(m.headers, EventHeader.id) === envelope.id);
    await waitFor(`the ${mismatch.field} mismatch dead-lettered`, () => byId() !== undefined);
    const headers = byId()?.headers;
    expect({
      field: mismatch.field,
      reason: headerText(headers, DeadLetterHeader.reason),
      code: headerText(headers, DeadLetterHeader.errorCode),
    }).toEqual({ field: mismatch.field, reason: 'mismatch', code: 'EVENT_MISMATCH' });
    expect(headerText(headers, DeadLetterHeader.error)).toContain(
      `${mismatch.field} expected ${JSON.stringify(recorded[mismatch.field])}, got ${JSON.stringify(mismatch.got)}`,
    );
    expect(await state()).toEqual(before);
    forged.push(envelope);
  }
  return forged;
}
