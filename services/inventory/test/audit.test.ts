import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createDatabase, createLogger, type Database } from '@lockstep/service-kit';
import { createTestDatabase, type TestDatabase } from '@lockstep/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsDir } from '../src/db/migrations-dir.ts';
import { auditInventory } from '../src/index.ts';

const run = promisify(execFile);
const packageDir = fileURLToPath(new URL('..', import.meta.url));
// The workspace's tsx (hoisted to the repository root), as `npm run audit` runs it.
const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
const logger = createLogger({ service: 'inventory-test', instanceId: 'audit', level: 'silent' });

/**
 * The audit's checks can fail: each invariant is broken on purpose (the database's own CHECK
 * dropped where it would refuse the damage) and the matching check, and only it, reports it.
 */
describe('inventory audit', () => {
  let testDb: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    testDb = await createTestDatabase({ prefix: 'inventory_audit' });
    db = createDatabase({ url: testDb.url, logger, migrationsDir });
    await db.start();
    await db.pool.query(
      `INSERT INTO skus (sku, name, price_cents, stocked, available, reserved, sold)
       VALUES ('A', 'a', 100, 10, 7, 2, 1)`,
    );
    await insertOrder('o-held', 'reserved', 2, "now() + interval '1 minute'");
    await insertOrder('o-sold', 'confirmed', 1, 'now()');
  });
  afterAll(async () => {
    await db?.stop();
    await testDb?.drop();
  });

  async function insertOrder(id: string, status: string, quantity: number, expiresAt: string) {
    await db.pool.query(
      `INSERT INTO orders (order_id, sku, quantity, customer_id, wallet_id, amount_cents, deliver_to, status, expires_at)
       VALUES ($1, 'A', $2, 'c', 'w', 100, '{"lat":0,"lng":0}', $3, ${expiresAt})`,
      [id, quantity, status],
    );
  }

  const failing = async (graceMs = 60_000) =>
    (await auditInventory(db.pool, { staleHoldGraceMs: graceMs })).checks
      .filter((check) => !check.ok)
      .map((check) => check.name.split(' (')[0]);

  async function cli(): Promise<{ code: number; stdout: string }> {
    try {
      const { stdout } = await run(tsx, ['--conditions=lockstep-source', 'src/audit-cli.ts'], {
        cwd: packageDir,
        env: { ...process.env, DATABASE_URL: testDb.url, STALE_HOLD_GRACE_MS: '60000' },
      });
      return { code: 0, stdout };
    } catch (error) {
      const failed = error as { code: number; stdout: string };
      return { code: failed.code, stdout: failed.stdout };
    }
  }

  it('passes every check on consistent books, and the CLI exits 0', async () => {
    expect(await failing()).toEqual([]);
    const result = await cli();
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('audit clean');
  });

  it('reports a hold still reserved long past its expiry as stale', async () => {
    await db.pool.query(
      "UPDATE orders SET expires_at = now() - interval '10 minutes' WHERE order_id = 'o-held'",
    );
    expect(await failing()).toEqual(['no stale holds']);
    expect(await failing(3_600_000)).toEqual([]);
    await db.pool.query(
      "UPDATE orders SET expires_at = now() + interval '1 minute' WHERE order_id = 'o-held'",
    );
  });

  it('reports reserved and sold units that do not match the orders', async () => {
    await db.pool.query("UPDATE orders SET status = 'cancelled' WHERE order_id = 'o-sold'");
    await db.pool.query(
      "UPDATE skus SET available = available - 1, reserved = reserved + 1 WHERE sku = 'A'",
    );
    expect(await failing()).toEqual([
      "reserved units equal the quantities of the SKU's reserved orders",
      "sold units equal the quantities of the SKU's confirmed orders",
    ]);
    await db.pool.query("UPDATE orders SET status = 'confirmed' WHERE order_id = 'o-sold'");
    await db.pool.query(
      "UPDATE skus SET available = available + 1, reserved = reserved - 1 WHERE sku = 'A'",
    );
    expect(await failing()).toEqual([]);
  });

  it('reports overselling and counters that do not add up, and the CLI exits 1', async () => {
    await db.pool.query('ALTER TABLE skus DROP CONSTRAINT skus_units_add_up');
    await db.pool.query("UPDATE skus SET sold = 11 WHERE sku = 'A'");
    expect(await failing()).toEqual([
      'no SKU sold more units than it stocked',
      'units add up for every SKU',
      "sold units equal the quantities of the SKU's confirmed orders",
    ]);
    const result = await cli();
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('FAIL  no SKU sold more units than it stocked');
    expect(result.stdout).toContain('AUDIT FAILED');
  });
});
