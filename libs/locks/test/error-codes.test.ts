import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LockErrorCode } from '../src/index.ts';

// The error registry is public API: every code a caller can branch on must be documented.
const docs = readFileSync(new URL('../../../docs/locks.md', import.meta.url), 'utf8');

describe('lock error registry', () => {
  it.each(Object.values(LockErrorCode))('code %s has a row in docs/locks.md', (code) => {
    // A table row starts with the code; the formatter pads cells, so match the cell loosely.
    expect(docs).toMatch(new RegExp(`^\\|\\s*\`${code}\`\\s*\\|`, 'm'));
  });
});
