import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { outboxMigrationSql, outboxNotifyMigrationSql } from '@lockstep/events';
import { describe, expect, it } from 'vitest';
import { migrationsDir } from './migrations-dir.js';

const names = readdirSync(migrationsDir).sort();
const ups = names.map(
  (name) => readFileSync(join(migrationsDir, name), 'utf8').split('-- Down Migration')[0] ?? '',
);

describe('acme-widgets migrations', () => {
  it('are numbered SQL files with up and down sections', () => {
    for (const name of names) {
      expect(name).toMatch(/^\d{3}_[a-z0-9-]+\.sql$/);
      expect(readFileSync(join(migrationsDir, name), 'utf8')).toMatch(
        /^-- Up Migration\n[\s\S]*\n-- Down Migration\n/,
      );
    }
  });

  it("create the events library's outbox, dedupe table and notify trigger verbatim", () => {
    expect(ups.some((up) => up.includes(outboxMigrationSql.trim()))).toBe(true);
    expect(ups.some((up) => up.includes(outboxNotifyMigrationSql.trim()))).toBe(true);
  });
});
