import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createLogger, runMigrations } from '@lockstep/service-kit';
import { createTestDatabase, type TestDatabase } from '@lockstep/testkit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsDir } from '../src/db/migrations-dir.ts';
import { runAudit } from '../src/index.ts';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);

let database: TestDatabase;
let pool: pg.Pool;

/** Runs `npm run audit`'s script against the test database; resolves with its exit code and output. */
async function auditCli(): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(
      'npx',
      ['tsx', '--conditions=lockstep-source', 'src/audit-cli.ts'],
      {
        cwd: packageDir,
        env: { ...process.env, DATABASE_URL: database.url },
      },
    );
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, stdout: failed.stdout };
  }
}

function failing(report: Awaited<ReturnType<typeof runAudit>>) {
  return Object.fromEntries(report.checks.filter((c) => !c.ok).map((c) => [c.name, c.counts]));
}

describe('the delivery-assignment audit', () => {
  beforeAll(async () => {
    database = await createTestDatabase({ prefix: 'delivery_audit_test' });
    await runMigrations({
      url: database.url,
      dir: migrationsDir,
      logger: createLogger({ service: 'test', instanceId: 'audit', level: 'silent' }),
    });
    pool = new pg.Pool({ connectionString: database.url, max: 2 });
    await pool.query(`
      INSERT INTO partners (id, name, lat, lng, capacity, active) VALUES
        ('p1', 'One', 10, 10, 2, 1), ('p2', 'Two', 10, 10.01, 2, 0);
      INSERT INTO assignments (order_id, partner_id, status, distance_km, order_payload) VALUES
        ('o1', 'p1', 'assigned', 0.5, '{}'), ('o2', 'p2', 'completed', 1, '{}');
      INSERT INTO pending_orders (order_id, payload, attempts) VALUES ('o3', '{}', 1);`);
  });

  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  it('passes on consistent data, with its counts, and the CLI exits 0', async () => {
    const report = await runAudit(pool);
    expect(failing(report)).toEqual({});
    expect(report.ok).toBe(true);
    expect(
      report.checks.find((c) => c.name === 'partner-load-matches-assignments')?.counts,
    ).toEqual({
      checked: 2,
      violations: 0,
      active_total: 1,
      assigned_total: 1,
      mismatched: 0,
    });
    const cli = await auditCli();
    expect(cli.code).toBe(0);
    expect(cli.stdout).toMatch(/PASS {2}no-partner-over-capacity: .* \(0 violations in 2 checked/);
  });

  it('catches a load that disagrees with the assignments, a pending order in progress, and an order assigned twice; the CLI exits 1', async () => {
    // Each violation is something the service never writes; the audit must see it anyway.
    await pool.query(`
      UPDATE partners SET active = 2 WHERE id = 'p2';
      INSERT INTO pending_orders (order_id, payload, attempts) VALUES ('o1', '{}', 1);
      ALTER TABLE assignments DROP CONSTRAINT assignments_pkey;
      INSERT INTO assignments (order_id, partner_id, status, distance_km, order_payload)
        VALUES ('o1', 'p2', 'assigned', 0.7, '{}');`);
    const report = await runAudit(pool);
    expect(report.ok).toBe(false);
    expect(failing(report)).toEqual({
      'no-order-assigned-twice': {
        checked: 3,
        violations: 2,
        orders: 2,
        duplicate_rows: 1,
        orders_assigned_twice: 1,
      },
      'partner-load-matches-assignments': {
        checked: 2,
        violations: 1,
        active_total: 3,
        assigned_total: 2,
        mismatched: 1,
      },
      'no-pending-order-in-progress': { checked: 2, violations: 1, also_assigned: 1 },
    });
    const cli = await auditCli();
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain('FAIL  no-order-assigned-twice');
    expect(cli.stdout).toContain('AUDIT FAILED');
  });

  it('catches a partner over its capacity even when the CHECK constraint is gone', async () => {
    await pool.query(`
      ALTER TABLE partners DROP CONSTRAINT partners_check;
      UPDATE partners SET capacity = 1 WHERE id = 'p2';`);
    const report = await runAudit(pool);
    expect(failing(report)['no-partner-over-capacity']).toEqual({
      checked: 2,
      violations: 1,
      over_capacity: 1,
      negative_active: 0,
    });
  });
});
