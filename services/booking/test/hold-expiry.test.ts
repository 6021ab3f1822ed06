import {
  adminCall,
  paymentResultsFor,
  publishResults,
  testKafka,
  waitFor,
} from '@lockstep/testkit';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { book, createShow, statusOf } from './support/api.ts';
import { seatRows } from './support/db.ts';
import { type BookingDeployment, startDeployment } from './support/replicas.ts';

const { completedFor, refundedFor } = paymentResultsFor('booking');

const priceCents = 300;

/**
 * Holds whose payment never finishes: an etcd-elected sweeper (one leader across both
 * replicas) releases them under their seat locks, a payment that completes after its hold
 * expired re-takes its seats or is refunded, and no stale hold is left.
 */
describe('hold expiry on two booking replicas', () => {
  let deployment: BookingDeployment;
  let producer: Producer;

  beforeAll(async () => {
    deployment = await startDeployment(2, {
      HOLD_TTL_MS: '1500',
      SWEEP_INTERVAL_MS: '300',
      STALE_HOLD_GRACE_MS: '1500',
    });
    producer = testKafka('booking-test').producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  });
  afterAll(async () => {
    await producer?.disconnect();
    await deployment?.stop();
  });

  const url = (i: number) => deployment.replicas[i % deployment.replicas.length]?.url ?? '';
  const newShow = (seatsPerRow: number) =>
    createShow(url(0), { rows: 1, seatsPerRow, priceCents, prefix: 'expiry' });

  /** The wallet book() names for its default customer. */
  const wallet = 'wallet-customer';

  async function hold(showId: string, seats: string[], replica: number): Promise<string> {
    const response = await book(url(replica), showId, seats);
    expect(response.status).toBe(201);
    return response.body.bookingId;
  }

  it('only the elected sweeper releases expired holds, and the audit is clean', async () => {
    const showId = await newShow(8);
    const bookings = await Promise.all([
      hold(showId, ['A1', 'A2'], 0),
      hold(showId, ['A3'], 1),
      hold(showId, ['A4', 'A5', 'A6'], 0),
      hold(showId, ['A8'], 1),
    ]);
    await waitFor('every hold expired', async () => {
      const statuses = await Promise.all(bookings.map((id) => statusOf(url(1), id)));
      return statuses.every((status) => status === 'expired');
    });
    expect((await seatRows(deployment.pool, showId)).every((s) => s.status === 'free')).toBe(true);
    const { rows } = await deployment.pool.query<{ reason: string; n: number }>(
      `SELECT payload->>'reason' AS reason, count(*)::int AS n FROM outbox
       WHERE type = 'booking.cancelled' GROUP BY 1`,
    );
    expect(rows).toEqual([{ reason: 'hold-expired', n: 4 }]);

    const sweepers = deployment.replicas.map((replica) => replica.sweeper);
    expect(sweepers.filter((sweeper) => sweeper.isLeader)).toHaveLength(1);
    const leader = sweepers.find((sweeper) => sweeper.isLeader);
    const follower = sweepers.find((sweeper) => !sweeper.isLeader);
    expect(leader?.stats.handled).toBe(4);
    expect(follower?.stats).toEqual({ terms: 0, rounds: 0, handled: 0 });
    const audit = await adminCall<{ ok: boolean }>(url(0), 'GET', '/audit?settled=true');
    expect(audit.body.ok).toBe(true);
  });

  it('a payment completing after its hold expired re-takes the seats when they are all still free', async () => {
    const showId = await newShow(3);
    const bookingId = await hold(showId, ['A1', 'A2'], 0);
    await waitFor(
      'the hold expired',
      async () => (await statusOf(url(1), bookingId)) === 'expired',
    );
    await publishResults(producer, [completedFor(bookingId, 2 * priceCents, wallet)]);
    await waitFor(
      'the booking confirmed',
      async () => (await statusOf(url(0), bookingId)) === 'confirmed',
    );
    const seats = await seatRows(deployment.pool, showId);
    expect(seats.map((s) => [s.seatId, s.status, s.bookingId])).toEqual([
      ['A1', 'booked', bookingId],
      ['A2', 'booked', bookingId],
      ['A3', 'free', null],
    ]);
  });

  it('a payment completing after one of its seats went to someone else is refunded', async () => {
    const showId = await newShow(3);
    const late = await hold(showId, ['A1', 'A2'], 0);
    await waitFor('the hold expired', async () => (await statusOf(url(1), late)) === 'expired');
    const other = await hold(showId, ['A2', 'A3'], 1);
    await publishResults(producer, [
      completedFor(other, 2 * priceCents, wallet),
      completedFor(late, 2 * priceCents, wallet),
    ]);
    await waitFor(
      'the late booking waits for its refund',
      async () => (await statusOf(url(0), late)) === 'refund-pending',
    );
    // The two results are keyed by their bookings and may sit on different partitions: the
    // late one being settled says nothing about when the other is.
    await waitFor(
      'the other booking confirmed',
      async () => (await statusOf(url(0), other)) === 'confirmed',
    );
    const { rows } = await deployment.pool.query<{ payload: unknown }>(
      "SELECT payload FROM outbox WHERE type = 'payment.refund-requested'",
    );
    expect(rows.map((row) => row.payload)).toEqual([
      { paymentId: late, reference: { kind: 'booking', id: late }, reason: 'hold-expired' },
    ]);
    const pending = await adminCall<{ ok: boolean }>(url(0), 'GET', '/audit?settled=true');
    expect(pending.body.ok).toBe(false);
    await publishResults(producer, [refundedFor(late, 2 * priceCents, wallet)]);
    await waitFor(
      'the late booking cancelled',
      async () => (await statusOf(url(1), late)) === 'cancelled',
    );
    const seats = await seatRows(deployment.pool, showId);
    expect(seats.map((s) => [s.seatId, s.status, s.bookingId])).toEqual([
      ['A1', 'free', null],
      ['A2', 'booked', other],
      ['A3', 'booked', other],
    ]);
    const audit = await adminCall<{ ok: boolean }>(url(0), 'GET', '/audit?settled=true');
    expect(audit.body.ok).toBe(true);
  });

  it('when the leading replica stops, the other one is elected and sweeps', async () => {
    const leaderIndex = deployment.replicas.findIndex((replica) => replica.sweeper.isLeader);
    const [leader] = deployment.replicas.splice(leaderIndex, 1);
    await leader?.stop();
    const survivor = deployment.replicas[0];
    await waitFor('the survivor leads', () => survivor?.sweeper.isLeader === true);
    const showId = await newShow(2);
    const bookingId = await hold(showId, ['A1', 'A2'], 0);
    await waitFor(
      'the hold expired',
      async () => (await statusOf(url(0), bookingId)) === 'expired',
    );
    // The sweeper counts a release after its transaction commits, so the status can be seen
    // a moment before the count: wait for the survivor's count rather than read it once.
    await waitFor('the survivor swept it', () => (survivor?.sweeper.stats.handled ?? 0) >= 1);
    expect((await seatRows(deployment.pool, showId)).every((s) => s.status === 'free')).toBe(true);
    const audit = await adminCall<{ ok: boolean }>(url(0), 'GET', '/audit?settled=true');
    expect(audit.body.ok).toBe(true);
  });
});
