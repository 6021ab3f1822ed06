import { randomUUID } from 'node:crypto';
import { createDatabase, createLogger, type Database } from '@lockstep/service-kit';
import { createTestDatabase, type TestDatabase } from '@lockstep/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  insertHeldBooking,
  oldestOverdueHoldSeconds,
  setBookingStatus,
} from '../src/db/bookings.ts';
import { migrationsDir } from '../src/db/migrations-dir.ts';
import { insertShow } from '../src/db/shows.ts';

const logger = createLogger({ service: 'booking-test', instanceId: 'overdue', level: 'silent' });

/**
 * What saga_holds_overdue_seconds{saga="booking"} reads at every scrape, and the
 * SagaHoldsStuckPastExpiry alert on it: the age past expiry of the oldest booking still held.
 */
describe('oldest overdue booking hold', () => {
  let testDb: TestDatabase;
  let db: Database;
  let showId: string;

  beforeAll(async () => {
    testDb = await createTestDatabase({ prefix: 'booking_overdue' });
    db = createDatabase({ url: testDb.url, logger, migrationsDir });
    await db.start();
    showId = `overdue-${randomUUID().slice(0, 8)}`;
    await insertShow(
      db.pool,
      { showId, title: 'Overdue', startsAt: new Date(), priceCents: 100, rows: 1, seatsPerRow: 3 },
      ['A1', 'A2', 'A3'],
    );
  });
  afterAll(async () => {
    await db?.stop();
    await testDb?.drop();
  });

  async function hold(seat: string, holdMs: number): Promise<string> {
    const bookingId = randomUUID();
    await insertHeldBooking(
      db.pool,
      { bookingId, showId, seats: [seat], customerId: 'c', walletId: 'w', amountCents: 100 },
      holdMs,
    );
    return bookingId;
  }

  it('is 0 with no hold, and with only holds not yet expired', async () => {
    expect(await oldestOverdueHoldSeconds(db.pool)).toBe(0);
    await hold('A1', 60_000);
    expect(await oldestOverdueHoldSeconds(db.pool)).toBe(0);
  });

  it('is the age past expiry of the oldest booking still held, and drops once it settles', async () => {
    const oldest = await hold('A2', -90_000);
    await hold('A3', -10_000);
    const seconds = await oldestOverdueHoldSeconds(db.pool);
    expect(seconds).toBeGreaterThanOrEqual(90);
    expect(seconds).toBeLessThan(100);

    await setBookingStatus(db.pool, oldest, 'expired', 'hold-expired');
    const next = await oldestOverdueHoldSeconds(db.pool);
    expect(next).toBeGreaterThanOrEqual(10);
    expect(next).toBeLessThan(20);
  });
});
