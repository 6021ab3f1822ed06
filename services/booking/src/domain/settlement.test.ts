import { describe, expect, it } from 'vitest';
import {
  paymentResultApplies,
  settleCompleted,
  settleExpired,
  settleFailed,
  settleRefunded,
} from './settlement.js';
import type { Seat } from './show.js';

const bookingId = '00000000-0000-4000-8000-000000000001';
const other = '00000000-0000-4000-8000-000000000002';
const seat = (seatId: string, status: Seat['status'], owner: string | null): Seat => ({
  seatId,
  status,
  bookingId: owner,
  fence: 1n,
});
const held = [seat('A1', 'held', bookingId), seat('A2', 'held', bookingId)];
const free = [seat('A1', 'free', null), seat('A2', 'free', null)];

describe('booking settlement', () => {
  it('a completed payment books the seats of a live hold', () => {
    expect(settleCompleted({ bookingId, status: 'held' }, held)).toEqual({
      status: 'confirmed',
      reason: null,
      seats: 'book',
      effect: 'confirm',
    });
  });

  it('a completed payment re-takes the seats of an expired hold when all are still free', () => {
    expect(settleCompleted({ bookingId, status: 'expired' }, free)).toMatchObject({
      status: 'confirmed',
      seats: 'book',
    });
  });

  it('a completed payment for an expired hold whose seats went to someone else asks for a refund', () => {
    const partlyTaken = [seat('A1', 'free', null), seat('A2', 'held', other)];
    expect(settleCompleted({ bookingId, status: 'expired' }, partlyTaken)).toEqual({
      status: 'refund-pending',
      reason: 'hold-expired',
      seats: 'none',
      effect: 'request-refund',
    });
  });

  it('a failed payment releases a live hold and cancels it with the payment reason', () => {
    expect(settleFailed({ bookingId, status: 'held' }, held, 'insufficient-funds')).toEqual({
      status: 'cancelled',
      reason: 'insufficient-funds',
      seats: 'release',
      effect: 'cancel',
    });
  });

  it('an expired hold releases its seats and is cancelled as hold-expired', () => {
    expect(settleExpired({ bookingId, status: 'held' }, held)).toMatchObject({
      status: 'expired',
      reason: 'hold-expired',
      seats: 'release',
    });
  });

  it('a refund ends a refund-pending booking as cancelled', () => {
    expect(settleRefunded({ bookingId, status: 'refund-pending' })).toMatchObject({
      status: 'cancelled',
      reason: 'refunded',
    });
  });

  it('outcomes that find the booking already past them change nothing', () => {
    expect(settleCompleted({ bookingId, status: 'confirmed' }, held)).toBeNull();
    expect(settleFailed({ bookingId, status: 'confirmed' }, held, 'gateway-error')).toBeNull();
    expect(settleExpired({ bookingId, status: 'cancelled' }, free)).toBeNull();
    expect(settleRefunded({ bookingId, status: 'held' })).toBeNull();
    expect(paymentResultApplies('failed', 'expired')).toBe(false);
    expect(paymentResultApplies('completed', 'expired')).toBe(true);
  });

  it('a held booking that does not hold all of its seats is refused, not settled', () => {
    const broken = [seat('A1', 'held', bookingId), seat('A2', 'held', other)];
    expect(() => settleCompleted({ bookingId, status: 'held' }, broken)).toThrow(/does not hold/);
    expect(() => settleFailed({ bookingId, status: 'held' }, broken, 'x')).toThrow(/does not hold/);
  });
});
