import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const dir = new URL('./migrations/', import.meta.url);

describe('migrations', () => {
  it('every migration is SQL with up and down sections and a numbered name', () => {
    for (const name of readdirSync(dir)) {
      expect(name).toMatch(/^\d{3}_[a-z0-9-]+\.sql$/);
      const text = readFileSync(new URL(name, dir), 'utf8');
      expect(text.startsWith('-- Up Migration\n')).toBe(true);
      expect(text).toContain('\n-- Down Migration\n');
    }
  });
});
