import { EventErrorCode } from '@lockstep/events';
import { describe, expect, it } from 'vitest';
import { assertChargeMatches, chargeMismatch, type RecordedCharge } from './charge-check.js';

const recorded: RecordedCharge = {
  paymentId: 'order-1',
  walletId: 'wallet-alice',
  amountCents: 1_000,
  currency: 'USD',
  reference: { kind: 'order', id: 'order-1' },
};

describe('chargeMismatch', () => {
  it('charge check: an event repeating the recorded charge matches', () => {
    expect(chargeMismatch(recorded, { ...recorded, reference: { ...recorded.reference } })).toBe(
      undefined,
    );
  });

  it('charge check: each differing field is reported with what was expected and what came', () => {
    expect(chargeMismatch(recorded, { ...recorded, paymentId: 'order-2' })).toEqual({
      field: 'paymentId',
      expected: 'order-1',
      got: 'order-2',
    });
    expect(chargeMismatch(recorded, { ...recorded, walletId: 'wallet-mallory' })).toMatchObject({
      field: 'walletId',
    });
    expect(chargeMismatch(recorded, { ...recorded, amountCents: 1 })).toEqual({
      field: 'amountCents',
      expected: 1_000,
      got: 1,
    });
    expect(chargeMismatch(recorded, { ...recorded, currency: 'EUR' })).toMatchObject({
      field: 'currency',
    });
    expect(
      chargeMismatch(recorded, { ...recorded, reference: { kind: 'booking', id: 'order-1' } }),
    ).toMatchObject({ field: 'reference.kind' });
  });

  it('charge check: fields the event does not name are not compared', () => {
    expect(chargeMismatch(recorded, { paymentId: 'order-1' })).toBe(undefined);
  });

  it('charge check: assertChargeMatches throws EVENT_MISMATCH naming the field, expected and got', () => {
    expect(() =>
      assertChargeMatches('payment.completed', 'order order-1', recorded, {
        ...recorded,
        amountCents: 1,
      }),
    ).toThrow(
      expect.objectContaining({
        code: EventErrorCode.Mismatch,
        field: 'amountCents',
        expected: 1_000,
        got: 1,
        message: expect.stringContaining('amountCents expected 1000, got 1'),
      }),
    );
  });
});
