import { readFileSync } from 'node:fs';
import { undocumentedCodes } from '@lockstep/testkit';
import { describe, expect, it } from 'vitest';
import { errorTable } from './error-table.js';

describe('acme-widgets error table', () => {
  it('every code it answers, and the busy code, is documented in the README', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(undocumentedCodes(errorTable, readme)).toEqual([]);
  });
});
