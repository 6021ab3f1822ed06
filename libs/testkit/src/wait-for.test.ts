import { describe, expect, it } from 'vitest';
import { waitFor } from './wait-for.js';

describe('waitFor', () => {
  it('resolves with the first value the check returns other than undefined or false', async () => {
    let calls = 0;
    const value = await waitFor('the third call', () => (++calls === 3 ? 'ready' : undefined), {
      intervalMs: 1,
    });
    expect(value).toBe('ready');
    expect(calls).toBe(3);
  });

  it('times out naming what it waited for and the last state it was told', async () => {
    await expect(
      waitFor('a condition that never holds', () => false, {
        timeoutMs: 20,
        intervalMs: 5,
        describe: () => 'still false',
      }),
    ).rejects.toThrow(
      'timed out after 20 ms waiting for a condition that never holds; last state: still false',
    );
  });
});
