import { localTopology } from '@lockstep/infra-local';
import { ZooKeeperLock } from '@lockstep/locks';
import {
  createDatabase,
  createLogger,
  type Database,
  isDomainError,
  LockRunner,
  withTransaction,
} from '@lockstep/service-kit';
import { type MetricsProbe, startMetricsProbe } from '@lockstep/telemetry/testing';
import { createTestDatabase, type TestDatabase, uniqueName } from '@lockstep/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsDir } from '../src/db/migrations-dir.ts';
import { insertSku, lockSku, writeStock } from '../src/db/skus.ts';
import { InventoryErrorCode } from '../src/index.ts';
import { SkuLocks, skuResource } from '../src/use-cases/sku-locks.ts';
import { stockOf } from './support/stock.ts';

const logger = createLogger({ service: 'inventory-test', instanceId: 'fence', level: 'silent' });

/**
 * The fence on the stock row: a write carrying an older fencing token than the last writer's
 * is refused by the conditional UPDATE itself, so a holder whose lease was lost (paused, cut
 * off) and taken over can never overwrite the newer holder's stock.
 */
describe('fenced stock write', () => {
  let testDb: TestDatabase;
  let db: Database;
  let lock: ZooKeeperLock;
  let probe: MetricsProbe;

  beforeAll(async () => {
    probe = startMetricsProbe();
    testDb = await createTestDatabase({ prefix: 'inventory_fence' });
    db = createDatabase({ url: testDb.url, logger, migrationsDir });
    await db.start();
    lock = new ZooKeeperLock({
      connectionString: localTopology().zookeeper,
      sessionTimeoutMs: 4_000,
    });
  });
  afterAll(async () => {
    await probe?.stop();
    await lock?.close();
    await db?.stop();
    await testDb?.drop();
  });

  async function newSku(): Promise<string> {
    const sku = uniqueName('FENCE').toUpperCase();
    await insertSku(db.pool, {
      sku,
      name: 'f',
      priceCents: 1,
      stocked: 10,
      available: 10,
      reserved: 0,
      sold: 0,
    });
    return sku;
  }

  it('a write with an older token than the last writer is refused and changes nothing', async () => {
    const sku = await newSku();
    const newer = { stocked: 10, available: 7, reserved: 3, sold: 0 };
    const stale = { stocked: 10, available: 9, reserved: 1, sold: 0 };
    expect(await writeStock(db.pool, sku, newer, 200n)).toBe(true);
    expect(await writeStock(db.pool, sku, stale, 100n)).toBe(false);
    expect(await stockOf(db.pool, sku)).toEqual(newer);
    expect((await lockSku(db.pool, sku))?.fence).toBe(200n);
    // The same holder may write again (one lease, several steps).
    expect(await writeStock(db.pool, sku, stale, 200n)).toBe(true);
    expect(await stockOf(db.pool, sku)).toEqual(stale);
  });

  it('the tokens of two successive ZooKeeper leases fence each other: the first holder cannot write after the second', async () => {
    const sku = await newSku();
    const first = await lock.acquire(skuResource(sku));
    await first.release();
    const second = await lock.acquire(skuResource(sku));
    try {
      const firstToken = first.fencingToken ?? 0n;
      const secondToken = second.fencingToken ?? 0n;
      expect(secondToken).toBeGreaterThan(firstToken);
      const bySecond = { stocked: 10, available: 4, reserved: 6, sold: 0 };
      expect(await writeStock(db.pool, sku, bySecond, secondToken)).toBe(true);
      expect(
        await writeStock(
          db.pool,
          sku,
          { stocked: 10, available: 10, reserved: 0, sold: 0 },
          firstToken,
        ),
      ).toBe(false);
      expect(await stockOf(db.pool, sku)).toEqual(bySecond);
    } finally {
      await second.release();
    }
  });

  it('a holder whose fence was overtaken while it held the lock gets FENCE_REJECTED and its transaction rolls back', async () => {
    const sku = await newSku();
    const skuLocks = new SkuLocks(new LockRunner(lock, logger, { waitMs: 5_000 }));
    const refused = skuLocks
      .run(sku, { waitMs: 5_000 }, async (held) => {
        // What a newer holder's write looks like from here: the fence moved past our token.
        await db.pool.query('UPDATE skus SET fence = $2 WHERE sku = $1', [
          sku,
          (held.fencingToken + 1n).toString(),
        ]);
        await withTransaction(db.pool, async (tx) => {
          await tx.query("UPDATE skus SET name = 'written by a stale holder' WHERE sku = $1", [
            sku,
          ]);
          await held.writeStock(tx, { stocked: 10, available: 0, reserved: 10, sold: 0 });
        });
      })
      .catch((error: unknown) => error);
    const error = await refused;
    expect(isDomainError(error, InventoryErrorCode.FenceRejected)).toBe(true);
    expect(await stockOf(db.pool, sku)).toEqual({
      stocked: 10,
      available: 10,
      reserved: 0,
      sold: 0,
    });
    const { rows } = await db.pool.query<{ name: string }>('SELECT name FROM skus WHERE sku = $1', [
      sku,
    ]);
    expect(rows[0]?.name).toBe('f');
  });

  // What the LockFencingRejected alert reads (docs/observability.md, Alerts).
  it('a fenced stock write counts in lock.fencing.rejections: 0 while accepted, 1 once refused', async () => {
    const sku = await newSku();
    const skuLocks = new SkuLocks(new LockRunner(lock, logger, { waitMs: 5_000 }));
    const rejections = async () =>
      (await probe.points('lock.fencing.rejections'))
        .filter(
          (p) =>
            p.attributes['lock.strategy'] === 'zookeeper' &&
            p.attributes['lock.resource_class'] === 'sku',
        )
        .reduce((sum, p) => sum + p.value, 0);
    const before = await rejections();
    await skuLocks.run(sku, { waitMs: 5_000 }, (held) =>
      withTransaction(db.pool, (tx) =>
        held.writeStock(tx, { stocked: 10, available: 9, reserved: 1, sold: 0 }),
      ),
    );
    expect(await rejections()).toBe(before);
    await skuLocks
      .run(sku, { waitMs: 5_000 }, async (held) => {
        await db.pool.query('UPDATE skus SET fence = $2 WHERE sku = $1', [
          sku,
          (held.fencingToken + 1n).toString(),
        ]);
        await withTransaction(db.pool, (tx) =>
          held.writeStock(tx, { stocked: 10, available: 8, reserved: 2, sold: 0 }),
        );
      })
      .catch(() => {});
    expect(await rejections()).toBe(before + 1);
  });
});
