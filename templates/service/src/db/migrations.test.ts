import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const migrationsDir = fileURLToPath(new URL('../../migrations', import.meta.url));
const names = readdirSync(migrationsDir).sort();

describe('acme-widgets migrations', () => {
  it('are numbered SQL files with up and down sections', () => {
    for (const name of names) {
      expect(name).toMatch(/^\d{3}_[a-z0-9-]+\.sql$/);
      expect(readFileSync(join(migrationsDir, name), 'utf8')).toMatch(
        /^-- Up Migration\n[\s\S]*\n-- Down Migration\n/,
      );
    }
  });
});
