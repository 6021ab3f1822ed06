import { describe, expect, it } from 'vitest';
import { sweepEach } from './sweep-each.js';

describe('sweepEach', () => {
  it('handles every item in order and sums what each handled; a failing item is reported and skipped', async () => {
    const seen: string[] = [];
    const failed: Array<[string, unknown]> = [];
    const handled = await sweepEach(
      ['a', 'b', 'c'],
      new AbortController().signal,
      async (item) => {
        seen.push(item);
        if (item === 'b') throw new Error('b is stuck');
        return item === 'a' ? 2 : 3;
      },
      (error, item) => failed.push([item, (error as Error).message]),
    );
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(handled).toBe(5);
    expect(failed).toEqual([['b', 'b is stuck']]);
  });

  it('stops when the term ends, and does not report the failure the ending caused', async () => {
    const term = new AbortController();
    const seen: string[] = [];
    const failed: string[] = [];
    const handled = await sweepEach(
      ['a', 'b', 'c'],
      term.signal,
      async (item) => {
        seen.push(item);
        if (item === 'b') {
          term.abort();
          throw new Error('lock wait cancelled');
        }
        return 1;
      },
      (_error, item) => failed.push(item),
    );
    expect(seen).toEqual(['a', 'b']);
    expect(handled).toBe(1);
    expect(failed).toEqual([]);
  });
});
