import { readdirSync, readFileSync } from 'node:fs';
import { outboxMigrationSql, outboxNotifyMigrationSql } from '@lockstep/events';
import { describe, expect, it } from 'vitest';

const dir = new URL('./migrations/', import.meta.url);

describe('migrations', () => {
  it('the first migration carries outboxMigrationSql from @lockstep/events verbatim', () => {
    const [first] = readdirSync(dir).sort();
    const text = readFileSync(new URL(first ?? '', dir), 'utf8');
    const up = text.split('-- Down Migration')[0] ?? '';
    expect(up).toContain(outboxMigrationSql.trim());
  });

  it("a migration installs the events library's outbox notify trigger verbatim", () => {
    const ups = readdirSync(dir).map(
      (name) => readFileSync(new URL(name, dir), 'utf8').split('-- Down Migration')[0] ?? '',
    );
    expect(ups.some((up) => up.includes(outboxNotifyMigrationSql.trim()))).toBe(true);
  });

  it('every migration is SQL with up and down sections and a numbered name', () => {
    for (const name of readdirSync(dir)) {
      expect(name).toMatch(/^\d{3}_[a-z0-9-]+\.sql$/);
      const text = readFileSync(new URL(name, dir), 'utf8');
      expect(text.startsWith('-- Up Migration\n')).toBe(true);
      expect(text).toContain('\n-- Down Migration\n');
    }
  });
});
