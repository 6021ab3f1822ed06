import { describe, expect, it } from 'vitest';
import { compareSeats, rowLabel, seatLabels, sortSeats } from './seat-map.js';

describe('seat map', () => {
  it('labels rows A..Z and refuses a 27th row', () => {
    expect(rowLabel(0)).toBe('A');
    expect(rowLabel(25)).toBe('Z');
    expect(() => rowLabel(26)).toThrow(RangeError);
  });

  it('lists every seat of a hall row by row', () => {
    expect(seatLabels(2, 3)).toEqual(['A1', 'A2', 'A3', 'B1', 'B2', 'B3']);
    expect(seatLabels(26, 50)).toHaveLength(1_300);
    expect(() => seatLabels(1, 51)).toThrow(RangeError);
  });

  it('orders seats the way a hall reads them, not as strings', () => {
    expect(['A10', 'B1', 'A2', 'A1'].sort(compareSeats)).toEqual(['A1', 'A2', 'A10', 'B1']);
    expect(sortSeats(['C3', 'A10', 'C3', 'A9'])).toEqual(['A9', 'A10', 'C3']);
  });
});
