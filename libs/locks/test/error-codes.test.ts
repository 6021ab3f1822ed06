import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LockErrorCode } from '../src/index.ts';

// The error registry is public API: every code a caller can branch on must be documented.
const docs = readFileSync(new URL('../../../docs/locks.md', import.meta.url), 'utf8');

describe('lock error registry', () => {
  it.each(Object.values(LockErrorCode))('code %s is documented in docs/locks.md', (code) => {
    expect(docs).toContain(`| \`${code}\` |`);
  });
});
