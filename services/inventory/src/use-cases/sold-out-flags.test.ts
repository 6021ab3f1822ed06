import { describe, expect, it } from 'vitest';
import { SoldOutFlags } from './sold-out-flags.js';

function flagsAt(recheckMs: number) {
  const clock = { now: 0 };
  return { flags: new SoldOutFlags(recheckMs, () => clock.now), clock };
}

describe('SoldOutFlags', () => {
  it('answers a fresh shortage from memory, only for orders larger than what is left', () => {
    const { flags, clock } = flagsAt(100);
    flags.markShort('S', 2);
    expect(flags.knownShort('S', 3)).toBe(2);
    expect(flags.knownShort('S', 2)).toBeUndefined();
    clock.now = 100;
    expect(flags.knownShort('S', 3)).toBeUndefined();
  });

  it("this replica's write that brings units back clears the flag; one that takes units does not", () => {
    const { flags } = flagsAt(1_000);
    flags.markShort('S', 0);
    flags.stockWritten('S', 0);
    expect(flags.knownShort('S', 1)).toBe(0);
    flags.stockWritten('S', 1);
    expect(flags.knownShort('S', 1)).toBeUndefined();
  });

  it('a lock-free read that raced a write of this replica does not bring the flag back', () => {
    const { flags } = flagsAt(1_000);
    const epoch = flags.epoch('S');
    flags.stockWritten('S', 5);
    flags.observed('S', epoch, 0, 1);
    expect(flags.knownShort('S', 1)).toBeUndefined();
    flags.observed('S', flags.epoch('S'), 0, 1);
    expect(flags.knownShort('S', 1)).toBe(0);
  });

  it('a lock-free read that finds units again drops the flag', () => {
    const { flags, clock } = flagsAt(100);
    flags.markShort('S', 0);
    clock.now = 150;
    flags.observed('S', flags.epoch('S'), 3, 1);
    clock.now = 160;
    expect(flags.knownShort('S', 1)).toBeUndefined();
  });
});
