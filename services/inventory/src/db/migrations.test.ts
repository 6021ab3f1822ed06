import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { outboxMigrationSql, outboxNotifyMigrationSql } from '@lockstep/events';
import { describe, expect, it } from 'vitest';
import { migrationsDir } from './migrations-dir.js';

describe('inventory migrations', () => {
  it("the first migration creates the events library's outbox and dedupe tables verbatim", () => {
    const [first] = readdirSync(migrationsDir).sort();
    const up = readFileSync(join(migrationsDir, first ?? ''), 'utf8').split('-- Down Migration')[0];
    expect(up).toContain(outboxMigrationSql.trim());
  });

  it("a migration installs the events library's outbox notify trigger verbatim", () => {
    const ups = readdirSync(migrationsDir).map(
      (name) => readFileSync(join(migrationsDir, name), 'utf8').split('-- Down Migration')[0] ?? '',
    );
    expect(ups.some((up) => up.includes(outboxNotifyMigrationSql.trim()))).toBe(true);
  });
});
