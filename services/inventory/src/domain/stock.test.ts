import { isDomainError } from '@lockstep/service-kit';
import { describe, expect, it } from 'vitest';
import { InventoryErrorCode } from './inventory-errors.js';
import {
  commitReserved,
  initialStock,
  maxStocked,
  releaseReserved,
  reserveUnits,
  restockUnits,
  type StockLevels,
  sellAvailable,
} from './stock.js';

const addsUp = (s: StockLevels) => s.available + s.reserved + s.sold === s.stocked;

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return isDomainError(error) ? error.code : 'not a DomainError';
  }
  return undefined;
}

describe('stock levels', () => {
  it('reserve, commit and release move units between counters and keep them adding up', () => {
    const reserved = reserveUnits('S', initialStock(5), 3);
    expect(reserved).toEqual({ stocked: 5, available: 2, reserved: 3, sold: 0 });
    const sold = commitReserved(reserved, 2);
    expect(sold).toEqual({ stocked: 5, available: 2, reserved: 1, sold: 2 });
    const released = releaseReserved(sold, 1);
    expect(released).toEqual({ stocked: 5, available: 3, reserved: 0, sold: 2 });
    for (const levels of [reserved, sold, released]) expect(addsUp(levels)).toBe(true);
  });

  it('reserving more than is available is SOLD_OUT and the last unit can be reserved', () => {
    expect(codeOf(() => reserveUnits('S', initialStock(2), 3))).toBe(InventoryErrorCode.SoldOut);
    expect(reserveUnits('S', initialStock(2), 2).available).toBe(0);
  });

  it('taking more units out of reserved than are there is a fault, not a business outcome', () => {
    expect(codeOf(() => commitReserved(initialStock(5), 1))).toBe('not a DomainError');
    expect(codeOf(() => releaseReserved(initialStock(5), 1))).toBe('not a DomainError');
  });

  it('selling from the shelf needs the units available', () => {
    expect(sellAvailable(initialStock(2), 2)).toEqual({
      stocked: 2,
      available: 0,
      reserved: 0,
      sold: 2,
    });
    expect(codeOf(() => sellAvailable(initialStock(1), 2))).toBe('not a DomainError');
  });

  it('restocking adds to stocked and available, up to the stock limit (STOCK_LIMIT past it)', () => {
    expect(restockUnits('S', initialStock(1), 4)).toEqual(initialStock(5));
    expect(restockUnits('S', initialStock(maxStocked - 1), 1).stocked).toBe(maxStocked);
    expect(codeOf(() => restockUnits('S', initialStock(maxStocked), 1))).toBe(
      InventoryErrorCode.StockLimit,
    );
  });
});
