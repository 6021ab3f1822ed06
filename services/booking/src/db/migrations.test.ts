import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { outboxMigrationSql, outboxNotifyMigrationSql } from '@lockstep/events';
import { describe, expect, it } from 'vitest';
import { migrationsDir } from './migrations-dir.js';

describe('booking migrations', () => {
  it("the first migration creates the events library's outbox and dedupe tables verbatim", () => {
    const [first] = readdirSync(migrationsDir).sort();
    const up = readFileSync(join(migrationsDir, first ?? ''), 'utf8').split('-- Down Migration')[0];
    expect(up).toContain(outboxMigrationSql.trim());
  });

  it('every migration is SQL with up and down sections and a numbered name', () => {
    for (const name of readdirSync(migrationsDir)) {
      expect(name).toMatch(/^\d{3}_[a-z0-9-]+\.sql$/);
      const text = readFileSync(join(migrationsDir, name), 'utf8');
      expect(text.startsWith('-- Up Migration\n')).toBe(true);
      expect(text).toContain('\n-- Down Migration\n');
    }
  });

  it("a migration installs the events library's outbox notify trigger verbatim", () => {
    const ups = readdirSync(migrationsDir).map(
      (name) => readFileSync(join(migrationsDir, name), 'utf8').split('-- Down Migration')[0] ?? '',
    );
    expect(ups.some((up) => up.includes(outboxNotifyMigrationSql.trim()))).toBe(true);
  });
});
