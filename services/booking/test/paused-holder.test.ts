import { randomUUID } from 'node:crypto';
import { localTopology } from '@lockstep/infra-local';
import { EtcdLock } from '@lockstep/locks';
import { adminCall } from '@lockstep/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSeat } from '../src/db/seats.ts';
import { seatResource } from '../src/index.ts';
import { book, createShow } from './support/api.ts';
import { seatRows } from './support/db.ts';
import { startHolder } from './support/holder-process.ts';
import { type BookingDeployment, startDeployment } from './support/replicas.ts';

const holderTtlMs = 2_000;

/**
 * A holder paused (SIGSTOP) while it holds seat locks, in its own process: its etcd lease
 * expires, a booking on a replica takes the same seats with newer fencing tokens, and when
 * the holder wakes up (SIGCONT) its late seat writes are refused by the fence.
 */
describe('a paused seat-lock holder', () => {
  let deployment: BookingDeployment;
  let base: string;

  beforeAll(async () => {
    deployment = await startDeployment(2, { BOOKING_LOCK_WAIT_MS: '15000' });
    base = deployment.replicas[1]?.url ?? '';
  });
  afterAll(async () => {
    await deployment?.stop();
  });

  it('loses its lease while stopped, others proceed, and its late seat writes are refused by the fence', async () => {
    const showId = await createShow(base, { rows: 1, seatsPerRow: 4, prefix: 'paused' });
    const seats = ['A2', 'A3'];
    const holder = startHolder([
      deployment.database.url,
      showId,
      seats.join(','),
      String(holderTtlMs),
    ]);
    try {
      const acquired = await holder.next('acquired');
      const stale = acquired.tokens as Record<string, string>;
      holder.child.kill('SIGSTOP');

      // A replica asks for the same seats (and one more) at once: it queues behind the paused
      // holder's keys until etcd expires their lease, then holds the seats.
      const started = Date.now();
      const taken = await book(base, showId, ['A3', 'A2', 'A4'], 'after-pause');
      expect(taken.status).toBe(201);
      expect(Date.now() - started).toBeLessThan(holderTtlMs + 10_000);
      const winner = taken.body.bookingId;
      const before = await seatRows(deployment.pool, showId);
      for (const seat of seats) {
        const row = before.find((r) => r.seatId === seat);
        expect(row).toMatchObject({ status: 'held', bookingId: winner });
        expect(BigInt(row?.fence ?? 0)).toBeGreaterThan(BigInt(stale[seat] ?? 0));
      }

      holder.child.kill('SIGCONT');
      const lateBooking = randomUUID();
      holder.send(`write ${lateBooking}`);
      const write = await holder.next('write');
      expect(write).toEqual({ event: 'write', applied: [false, false], signalAborted: true });
      expect(await holder.exited).toBe(0);

      expect(await seatRows(deployment.pool, showId)).toEqual(before);
      const late = await deployment.pool.query('SELECT 1 FROM bookings WHERE booking_id = $1', [
        lateBooking,
      ]);
      expect(late.rowCount).toBe(0);
      const audit = await adminCall<{ ok: boolean }>(base, 'GET', '/audit');
      expect(audit.body.ok).toBe(true);
    } finally {
      if (holder.child.exitCode === null) {
        holder.child.kill('SIGCONT');
        holder.child.kill('SIGKILL');
      }
    }
  });

  it('two successive etcd leases on one seat fence each other: the older token cannot write after the newer', async () => {
    const showId = await createShow(base, { rows: 1, seatsPerRow: 2, prefix: 'fence' });
    const held = await book(base, showId, ['A1'], 'owner');
    expect(held.status).toBe(201);
    const lock = new EtcdLock({ endpoints: localTopology().etcd });
    try {
      const first = await lock.acquire(seatResource(showId, 'A2'));
      await first.release();
      const second = await lock.acquire(seatResource(showId, 'A2'));
      await second.release();
      const older = first.fencingToken ?? 0n;
      const newer = second.fencingToken ?? 0n;
      expect(newer).toBeGreaterThan(older);
      const owner = held.body.bookingId;
      const hold = { status: 'held', bookingId: owner } as const;
      expect(await writeSeat(deployment.pool, showId, 'A2', hold, newer)).toBe(true);
      expect(
        await writeSeat(deployment.pool, showId, 'A2', { status: 'free', bookingId: null }, older),
      ).toBe(false);
      // The same lease may write again (one holder, several steps).
      expect(
        await writeSeat(deployment.pool, showId, 'A2', { status: 'free', bookingId: null }, newer),
      ).toBe(true);
      expect(
        (await seatRows(deployment.pool, showId)).find((r) => r.seatId === 'A2'),
      ).toMatchObject({
        status: 'free',
        fence: newer.toString(),
      });
    } finally {
      await lock.close();
    }
  });
});
