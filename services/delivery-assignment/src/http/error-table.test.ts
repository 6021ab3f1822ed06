import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorTable } from './error-table.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('delivery-assignment error table', () => {
  it('every code it answers, and the contention code, is documented in the README', () => {
    const codes = [...Object.keys(errorTable.domain), errorTable.contended.code];
    expect(codes.filter((code) => !readme.includes(`\`${code}\``))).toEqual([]);
  });
});
