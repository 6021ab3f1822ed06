import { describe, expect, it } from 'vitest';
import type { OrderStatus } from './order.js';
import {
  paymentResultApplies,
  settleCompleted,
  settleExpired,
  settleFailed,
  settleRefunded,
} from './settlement.js';
import type { StockLevels } from './stock.js';

const stock: StockLevels = { stocked: 10, available: 4, reserved: 5, sold: 1 };
const order = (status: OrderStatus, quantity = 2) => ({ status, quantity, reason: null });
const settled: OrderStatus[] = ['confirmed', 'cancelled', 'refund-pending'];

describe('order settlement', () => {
  it('a completed payment sells a live hold and asks for order.confirmed', () => {
    expect(settleCompleted(order('reserved'), stock)).toEqual({
      stock: { stocked: 10, available: 4, reserved: 3, sold: 3 },
      status: 'confirmed',
      reason: null,
      effect: 'confirm',
    });
  });

  it('a completed payment after the hold expired re-takes units still available', () => {
    expect(settleCompleted(order('expired'), stock)).toEqual({
      stock: { stocked: 10, available: 2, reserved: 5, sold: 3 },
      status: 'confirmed',
      reason: null,
      effect: 'confirm',
    });
  });

  it('a completed payment after the hold expired and the units went is refunded, stock untouched', () => {
    const soldOut = { stocked: 10, available: 1, reserved: 5, sold: 4 };
    expect(settleCompleted(order('expired'), soldOut)).toEqual({
      stock: soldOut,
      status: 'refund-pending',
      reason: 'hold-expired',
      effect: 'request-refund',
    });
  });

  it('a failed payment releases a live hold and cancels the order with the payment reason', () => {
    expect(settleFailed(order('reserved'), stock, 'insufficient-funds')).toEqual({
      stock: { stocked: 10, available: 6, reserved: 3, sold: 1 },
      status: 'cancelled',
      reason: 'insufficient-funds',
      effect: 'cancel',
    });
  });

  it('an expired hold goes back on the shelf and the order is cancelled as hold-expired', () => {
    expect(settleExpired(order('reserved'), stock)).toMatchObject({
      stock: { available: 6, reserved: 3 },
      status: 'expired',
      effect: 'cancel',
      reason: 'hold-expired',
    });
  });

  it('a refund ends a refund-pending order as cancelled without touching stock', () => {
    expect(settleRefunded(order('refund-pending'), stock)).toEqual({
      stock,
      status: 'cancelled',
      reason: 'refunded',
      effect: 'none',
    });
  });

  it('an outcome for an order already past it changes nothing (late duplicates are no-ops)', () => {
    for (const status of settled) {
      expect(settleCompleted(order(status), stock)).toBeNull();
      expect(settleFailed(order(status), stock, 'gateway-error')).toBeNull();
      expect(settleExpired(order(status), stock)).toBeNull();
    }
    expect(settleFailed(order('expired'), stock, 'gateway-error')).toBeNull();
    expect(settleRefunded(order('reserved'), stock)).toBeNull();
  });

  it('paymentResultApplies agrees with the settle functions on which statuses they act', () => {
    const statuses: OrderStatus[] = [
      'reserved',
      'confirmed',
      'cancelled',
      'expired',
      'refund-pending',
    ];
    for (const status of statuses) {
      expect(paymentResultApplies('completed', status)).toBe(
        settleCompleted(order(status), stock) !== null,
      );
      expect(paymentResultApplies('failed', status)).toBe(
        settleFailed(order(status), stock, 'x') !== null,
      );
      expect(paymentResultApplies('refunded', status)).toBe(
        settleRefunded(order(status), stock) !== null,
      );
    }
  });
});
