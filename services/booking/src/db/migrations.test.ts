import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrationsDir } from './migrations-dir.js';

describe('booking migrations', () => {
  it('every migration is SQL with up and down sections and a numbered name', () => {
    for (const name of readdirSync(migrationsDir)) {
      expect(name).toMatch(/^\d{3}_[a-z0-9-]+\.sql$/);
      const text = readFileSync(join(migrationsDir, name), 'utf8');
      expect(text.startsWith('-- Up Migration\n')).toBe(true);
      expect(text).toContain('\n-- Down Migration\n');
    }
  });
});
