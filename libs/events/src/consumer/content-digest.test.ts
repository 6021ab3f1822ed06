import { describe, expect, it } from 'vitest';
import { contentDigest } from './content-digest.js';

describe('contentDigest', () => {
  it('content digest: the same payload with its keys in another order digests the same', () => {
    const a = contentDigest('payment.completed', 1, { b: 1, a: { y: [1, 2], x: 'v' } });
    const b = contentDigest('payment.completed', 1, { a: { x: 'v', y: [1, 2] }, b: 1 });
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });

  it('content digest: another value, type or version digests differently', () => {
    const base = contentDigest('payment.completed', 1, { amountCents: 1000 });
    expect(contentDigest('payment.completed', 1, { amountCents: 1 })).not.toBe(base);
    expect(contentDigest('payment.failed', 1, { amountCents: 1000 })).not.toBe(base);
    expect(contentDigest('payment.completed', 2, { amountCents: 1000 })).not.toBe(base);
    expect(contentDigest('payment.completed', 1, { amountCents: '1000' })).not.toBe(base);
  });
});
