import { assertChargeMatches, type ChargeClaim, settlementCurrency } from '@lockstep/contracts';
import { EventMismatchError } from '@lockstep/events';
import type pg from 'pg';
import { findPayment } from '../db/payments.js';

/**
 * Checks a payment event against payment's own records before anything is charged or
 * credited: a charge in another currency than the one wallets are kept in, or a request that
 * reuses a decided payment id for another wallet, amount or reference, throws
 * EventMismatchError, which dead-letters the event with nothing written. A payment id not yet
 * decided has nothing to compare but the currency. Read without the wallet lock: a payment's
 * wallet, amount and reference never change once recorded.
 */
export async function assertMatchesRecordedPayment(
  tx: pg.PoolClient,
  eventType: string,
  claim: ChargeClaim & { paymentId: string },
): Promise<void> {
  const subject = `payment ${claim.paymentId}`;
  if (claim.currency !== undefined && claim.currency !== settlementCurrency) {
    throw new EventMismatchError(eventType, {
      field: 'currency',
      expected: settlementCurrency,
      got: claim.currency,
      subject,
    });
  }
  const recorded = await findPayment(tx, claim.paymentId);
  if (recorded === undefined) return;
  assertChargeMatches(eventType, subject, { ...recorded, currency: settlementCurrency }, claim);
}
