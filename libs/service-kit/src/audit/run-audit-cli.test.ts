import { createTestDatabase } from '@lockstep/testkit';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type AuditCliIo, runAuditCli } from './run-audit-cli.js';

function captureIo(env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const codes: number[] = [];
  const io: AuditCliIo = {
    env,
    write: (text) => out.push(text),
    writeError: (text) => err.push(text),
    setExitCode: (code) => codes.push(code),
  };
  return { io, out, err, codes };
}

/** An audit of one check over a real database: rows of a table that must be positive. */
const positiveAudit = {
  service: 'example',
  defaultDatabaseUrl: 'postgres://nobody@127.0.0.1:1/none',
  settings: { MIN_VALUE: z.coerce.number().default(1) },
  audit: async (pool: import('pg').Pool, config: { MIN_VALUE: number }) => {
    const { rows } = await pool.query<{ checked: number; violations: number }>(
      'SELECT count(*)::int AS checked, count(*) FILTER (WHERE v < $1)::int AS violations FROM (VALUES (1), (2), (3)) t(v)',
      [config.MIN_VALUE],
    );
    const counts = rows[0] ?? { checked: 0, violations: 0 };
    return {
      service: 'example',
      ok: counts.violations === 0,
      checkedAt: '2026-11-23T00:00:00.000Z',
      checks: [{ name: 'values-reach-minimum', ok: counts.violations === 0, counts, examples: [] }],
    };
  },
};

describe('runAuditCli', () => {
  it('prints the report from DATABASE_URL and the settings, exit 0 clean and 1 on a violation', async () => {
    const database = await createTestDatabase({ prefix: 'kit_audit_cli' });
    try {
      const clean = captureIo({ DATABASE_URL: database.url });
      await runAuditCli(positiveAudit, clean.io);
      expect(clean.codes).toEqual([0]);
      expect(clean.out.join('')).toContain(
        'PASS  values-reach-minimum (0 violations in 3 checked)',
      );

      const broken = captureIo({ DATABASE_URL: database.url, MIN_VALUE: '3' });
      await runAuditCli(positiveAudit, broken.io);
      expect(broken.codes).toEqual([1]);
      expect(broken.out.join('')).toContain(
        'FAIL  values-reach-minimum (2 violations in 3 checked)',
      );
      expect(broken.out.join('')).toContain('AUDIT FAILED');
    } finally {
      await database.drop();
    }
  });

  it('a database it cannot reach is exit 2, said on stderr', async () => {
    const unreachable = captureIo({});
    await runAuditCli(positiveAudit, unreachable.io);
    expect(unreachable.codes).toEqual([2]);
    expect(unreachable.err.join('')).toMatch(/^example audit could not run: .*ECONNREFUSED/);
    expect(unreachable.out).toEqual([]);
  });
});
