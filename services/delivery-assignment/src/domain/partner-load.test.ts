import { describe, expect, it } from 'vitest';
import { freeSlot, PartnerFullError, PartnerLoadUnderflowError, takeSlot } from './partner-load.js';

describe('partner load', () => {
  it('takeSlot: a partner with a free slot takes one more delivery', () => {
    expect(takeSlot('p', { active: 0, capacity: 1 })).toBe(1);
    expect(takeSlot('p', { active: 4, capacity: 5 })).toBe(5);
  });

  it('takeSlot: a full partner refuses with PARTNER_FULL, even when over capacity already', () => {
    for (const load of [
      { active: 5, capacity: 5 },
      { active: 7, capacity: 5 },
    ]) {
      const refusal = (() => {
        try {
          takeSlot('p', load);
        } catch (error) {
          return error;
        }
        return undefined;
      })();
      expect(refusal).toBeInstanceOf(PartnerFullError);
      expect((refusal as PartnerFullError).code).toBe('PARTNER_FULL');
    }
  });

  it('freeSlot: ending a delivery frees one slot, and never goes below zero (PARTNER_LOAD_UNDERFLOW)', () => {
    expect(freeSlot('p', { active: 3, capacity: 5 })).toBe(2);
    expect(() => freeSlot('p', { active: 0, capacity: 5 })).toThrow(PartnerLoadUnderflowError);
  });
});
