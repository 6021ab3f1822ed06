import { randomUUID } from 'node:crypto';
import { localTopology } from '@lockstep/infra-local';
import { EtcdLock } from '@lockstep/locks';
import {
  createDatabase,
  createLogger,
  type Database,
  isDomainError,
  LockRunner,
  withTransaction,
} from '@lockstep/service-kit';
import { type MetricsProbe, startMetricsProbe } from '@lockstep/telemetry/testing';
import { createTestDatabase, type TestDatabase } from '@lockstep/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertHeldBooking } from '../src/db/bookings.ts';
import { migrationsDir } from '../src/db/migrations-dir.ts';
import { insertShow } from '../src/db/shows.ts';
import { BookingErrorCode } from '../src/index.ts';
import { SeatLocks } from '../src/use-cases/seat-locks.ts';
import { seatRows } from './support/db.ts';

const logger = createLogger({ service: 'booking-test', instanceId: 'fence', level: 'silent' });

/**
 * A seat write under its etcd lock is checked against the seat's fence, and what the storage
 * decided is counted in lock.fencing.rejections, which the LockFencingRejected alert reads.
 */
describe('fenced seat write', () => {
  let testDb: TestDatabase;
  let db: Database;
  let lock: EtcdLock;
  let probe: MetricsProbe;

  beforeAll(async () => {
    probe = startMetricsProbe();
    testDb = await createTestDatabase({ prefix: 'booking_fence' });
    db = createDatabase({ url: testDb.url, logger, migrationsDir });
    await db.start();
    lock = new EtcdLock({ endpoints: localTopology().etcd });
  });
  afterAll(async () => {
    await probe?.stop();
    await lock?.close();
    await db?.stop();
    await testDb?.drop();
  });

  it('an accepted write counts 0 and a write overtaken by a newer fence counts 1, writing nothing', async () => {
    const showId = `fence-${randomUUID().slice(0, 8)}`;
    await insertShow(
      db.pool,
      { showId, title: 'Fence', startsAt: new Date(), priceCents: 100, rows: 1, seatsPerRow: 2 },
      ['A1', 'A2'],
    );
    const rejections = async () =>
      (await probe.points('lock.fencing.rejections'))
        .filter(
          (p) =>
            p.attributes['lock.strategy'] === 'etcd' &&
            p.attributes['lock.resource_class'] === `seat:${showId}`,
        )
        .map((p) => p.value);
    const seatLocks = new SeatLocks(new LockRunner(lock, logger, { waitMs: 5_000, ttlMs: 10_000 }));
    const bookingId = randomUUID();
    await insertHeldBooking(
      db.pool,
      { bookingId, showId, seats: ['A1', 'A2'], customerId: 'c', walletId: 'w', amountCents: 200 },
      60_000,
    );

    await seatLocks.run(showId, ['A1'], { waitMs: 5_000 }, (held) =>
      withTransaction(db.pool, (tx) => held.writeSeat(tx, 'A1', { status: 'held', bookingId })),
    );
    expect(await rejections()).toEqual([0]);

    const refused = await seatLocks
      .run(showId, ['A2'], { waitMs: 5_000 }, async (held) => {
        // What a newer holder's write looks like from here: the fence moved past our token.
        await db.pool.query('UPDATE seats SET fence = $3 WHERE show_id = $1 AND seat_id = $2', [
          showId,
          'A2',
          (held.fencingToken('A2') + 1n).toString(),
        ]);
        await withTransaction(db.pool, (tx) =>
          held.writeSeat(tx, 'A2', { status: 'held', bookingId }),
        );
      })
      .catch((error: unknown) => error);
    expect(isDomainError(refused, BookingErrorCode.FenceRejected)).toBe(true);
    expect(await rejections()).toEqual([1]);
    expect((await seatRows(db.pool, showId)).map((seat) => seat.status)).toEqual(['held', 'free']);
  });
});
