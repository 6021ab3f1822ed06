import { createDatabase, createLogger, type Database } from '@lockstep/service-kit';
import { createTestDatabase, type TestDatabase, uniqueName } from '@lockstep/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsDir } from '../src/db/migrations-dir.ts';
import {
  insertReservedOrders,
  oldestOverdueHoldSeconds,
  setOrderStatus,
} from '../src/db/orders.ts';
import { insertSku } from '../src/db/skus.ts';

const logger = createLogger({ service: 'inventory-test', instanceId: 'overdue', level: 'silent' });

/**
 * What saga_holds_overdue_seconds{saga="order"} reads at every scrape, and the
 * SagaHoldsStuckPastExpiry alert on it: the age past expiry of the oldest hold still reserved.
 * Each test has a database of its own, since the query spans every SKU.
 */
describe('oldest overdue hold', () => {
  let testDb: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    testDb = await createTestDatabase({ prefix: 'inventory_overdue' });
    db = createDatabase({ url: testDb.url, logger, migrationsDir });
    await db.start();
  });
  afterAll(async () => {
    await db?.stop();
    await testDb?.drop();
  });

  async function reserve(sku: string, holdMs: number): Promise<string> {
    const orderId = uniqueName('order');
    await insertReservedOrders(
      db.pool,
      [
        {
          orderId,
          sku,
          quantity: 1,
          customerId: 'c',
          walletId: 'w',
          amountCents: 100,
          deliverTo: { lat: 0, lng: 0 },
        },
      ],
      holdMs,
    );
    return orderId;
  }

  it('is 0 with no hold, and with only holds not yet expired', async () => {
    expect(await oldestOverdueHoldSeconds(db.pool)).toBe(0);
    const sku = uniqueName('LIVE').toUpperCase();
    await insertSku(db.pool, {
      sku,
      name: 'live',
      priceCents: 100,
      stocked: 10,
      available: 9,
      reserved: 1,
      sold: 0,
    });
    await reserve(sku, 60_000);
    expect(await oldestOverdueHoldSeconds(db.pool)).toBe(0);
  });

  it('is the age past expiry of the oldest hold still reserved, and drops once it settles', async () => {
    const sku = uniqueName('OVERDUE').toUpperCase();
    await insertSku(db.pool, {
      sku,
      name: 'overdue',
      priceCents: 100,
      stocked: 10,
      available: 8,
      reserved: 2,
      sold: 0,
    });
    const oldest = await reserve(sku, -90_000);
    await reserve(sku, -10_000);
    const seconds = await oldestOverdueHoldSeconds(db.pool);
    expect(seconds).toBeGreaterThanOrEqual(90);
    expect(seconds).toBeLessThan(100);

    await setOrderStatus(db.pool, oldest, 'expired', 'hold-expired');
    const next = await oldestOverdueHoldSeconds(db.pool);
    expect(next).toBeGreaterThanOrEqual(10);
    expect(next).toBeLessThan(20);
  });
});
