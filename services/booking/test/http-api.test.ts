import { localTopology } from '@lockstep/infra-local';
import { EtcdLock } from '@lockstep/locks';
import {
  adminCall,
  bearerCall,
  call,
  refusalCheck,
  rowCounts,
  uniqueName,
} from '@lockstep/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seatResource } from '../src/index.ts';
import { book, createShow, customerToken, type HeldBooking } from './support/api.ts';
import { seatRows } from './support/db.ts';
import { type BookingDeployment, startDeployment } from './support/replicas.ts';

/**
 * Every endpoint against bad input, unknown ids and business conflicts: each gets its 4xx
 * with a stable code, and the database is exactly as before (rows counted, seats compared).
 */
describe('booking HTTP API', () => {
  let deployment: BookingDeployment;
  let base: string;
  let showId: string;
  let held: HeldBooking;
  let token: string;
  /** A call as `customer`, book()'s default customer, whose bookings these are. */
  const asCustomer = (method: string, path: string, body?: unknown) =>
    bearerCall(base, method, path, token, body);

  beforeAll(async () => {
    token = await customerToken('customer');
    deployment = await startDeployment(1, { BOOKING_LOCK_WAIT_MS: '300' });
    base = deployment.replicas[0]?.url ?? '';
    showId = await createShow(base, { rows: 3, seatsPerRow: 4, priceCents: 1_250 });
  });
  afterAll(async () => {
    await deployment?.stop();
  });

  /**
   * Runs `request`, expects its status and code, and that nothing was written (processed_events
   * is left out: the consumer records other runs' payment results there).
   */
  const expectRefused = refusalCheck(async () => ({
    rows: await rowCounts(deployment.pool, ['processed_events']),
    seats: await seatRows(deployment.pool, showId),
  }));

  it('creates a show, summarises and maps its seats, and holds seats with a payment request', async () => {
    const show = await call<{ show: unknown; seats: unknown }>(base, 'GET', `/shows/${showId}`);
    expect(show.status).toBe(200);
    expect(show.body).toMatchObject({
      show: { showId, priceCents: 1_250, rows: 3, seatsPerRow: 4 },
      seats: { total: 12, free: 12, held: 0, booked: 0 },
    });
    const map = await call<{ seats: Array<{ seatId: string }> }>(
      base,
      'GET',
      `/shows/${showId}/seats`,
    );
    expect(map.status).toBe(200);
    expect(map.body.seats.slice(0, 5).map((seat) => seat.seatId)).toEqual([
      'A1',
      'A2',
      'A3',
      'A4',
      'B1',
    ]);

    const response = await book(base, showId, ['B3', 'B2']);
    expect(response.status).toBe(201);
    held = response.body;
    expect(held).toMatchObject({ status: 'held', showId, seats: ['B2', 'B3'], amountCents: 2_500 });
    const read = await asCustomer('GET', `/bookings/${held.bookingId}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ bookingId: held.bookingId, status: 'held', reason: null });
    const { rows } = await deployment.pool.query(
      "SELECT payload FROM outbox WHERE type = 'payment.requested'",
    );
    expect(rows.map((row) => row.payload)).toEqual([
      {
        paymentId: held.bookingId,
        walletId: 'wallet-customer',
        customerId: 'customer',
        amountCents: 2_500,
        currency: 'USD',
        reference: { kind: 'booking', id: held.bookingId },
      },
    ]);
    const after = await call(base, 'GET', `/shows/${showId}`);
    expect(after.body).toMatchObject({ seats: { free: 10, held: 2, booked: 0 } });
  });

  it('POST /shows refuses bad input naming the field, and an existing id with SHOW_EXISTS', async () => {
    const good = {
      title: 'T',
      startsAt: '2030-01-01T19:00:00Z',
      priceCents: 100,
      rows: 2,
      seatsPerRow: 2,
    };
    const post = (body: unknown) => () => adminCall(base, 'POST', '/shows', body);
    await expectRefused(post({ ...good, rows: 27 }), 400, 'VALIDATION_FAILED', 'rows');
    await expectRefused(post({ ...good, rows: 0 }), 400, 'VALIDATION_FAILED', 'rows');
    await expectRefused(
      post({ ...good, seatsPerRow: 51 }),
      400,
      'VALIDATION_FAILED',
      'seatsPerRow',
    );
    await expectRefused(post({ ...good, priceCents: 1.5 }), 400, 'VALIDATION_FAILED', 'priceCents');
    await expectRefused(
      post({ ...good, priceCents: 10_000_001 }),
      400,
      'VALIDATION_FAILED',
      'priceCents',
    );
    await expectRefused(
      post({ ...good, startsAt: 'tomorrow' }),
      400,
      'VALIDATION_FAILED',
      'startsAt',
    );
    await expectRefused(post({ ...good, title: '' }), 400, 'VALIDATION_FAILED', 'title');
    await expectRefused(
      post({ ...good, title: 'x'.repeat(201) }),
      400,
      'VALIDATION_FAILED',
      'title',
    );
    await expectRefused(post({ ...good, showId: 'a/b' }), 400, 'VALIDATION_FAILED', 'showId');
    await expectRefused(post({ ...good, extra: 1 }), 400, 'VALIDATION_FAILED');
    await expectRefused(post({ title: 'T' }), 400, 'VALIDATION_FAILED', 'priceCents');
    await expectRefused(
      () => adminCall(base, 'POST', '/shows', '{"title": '),
      400,
      'MALFORMED_JSON',
    );
    await expectRefused(post({ ...good, showId }), 409, 'SHOW_EXISTS');
  });

  it('GET /shows answers 404 SHOW_NOT_FOUND for an unknown show and 400 for a malformed id', async () => {
    const unknown = uniqueName('nope');
    await expectRefused(() => call(base, 'GET', `/shows/${unknown}`), 404, 'SHOW_NOT_FOUND');
    await expectRefused(() => call(base, 'GET', `/shows/${unknown}/seats`), 404, 'SHOW_NOT_FOUND');
    await expectRefused(
      () => call(base, 'GET', '/shows/%20bad'),
      400,
      'VALIDATION_FAILED',
      'showId',
    );
  });

  it('POST /bookings refuses bad input, unknown shows and seats, and taken seats, writing nothing', async () => {
    const good = { showId, seats: ['C1'], customerId: 'customer', walletId: 'w' };
    const post = (body: unknown) => () => asCustomer('POST', '/bookings', body);
    await expectRefused(post({ ...good, seats: [] }), 400, 'VALIDATION_FAILED', 'seats');
    await expectRefused(
      post({ ...good, seats: Array.from({ length: 11 }, (_, i) => `C${i + 1}`) }),
      400,
      'VALIDATION_FAILED',
      'seats',
    );
    await expectRefused(post({ ...good, seats: ['C1', 'C1'] }), 400, 'VALIDATION_FAILED', 'seats');
    await expectRefused(post({ ...good, seats: ['c1'] }), 400, 'VALIDATION_FAILED', 'seats.0');
    await expectRefused(post({ ...good, seats: 'C1' }), 400, 'VALIDATION_FAILED', 'seats');
    await expectRefused(post({ ...good, customerId: '' }), 400, 'VALIDATION_FAILED', 'customerId');
    await expectRefused(
      post({ ...good, walletId: 'w'.repeat(101) }),
      400,
      'VALIDATION_FAILED',
      'walletId',
    );
    await expectRefused(post({ ...good, showId: 7 }), 400, 'VALIDATION_FAILED', 'showId');
    await expectRefused(post({ ...good, price: 1 }), 400, 'VALIDATION_FAILED');
    await expectRefused(post({ ...good, showId: uniqueName('missing') }), 404, 'SHOW_NOT_FOUND');
    const unknownSeat = await expectRefused(
      post({ ...good, seats: ['C1', 'D1', 'A9'] }),
      404,
      'SEAT_NOT_FOUND',
    );
    expect((unknownSeat.body as { error: { details: unknown } }).error.details).toEqual({
      seats: ['A9', 'D1'],
    });
    const taken = await expectRefused(
      post({ ...good, seats: ['B1', 'B2', 'B3'] }),
      409,
      'SEATS_TAKEN',
    );
    expect((taken.body as { error: { details: unknown } }).error.details).toEqual({
      seats: ['B2', 'B3'],
    });
  });

  it('POST /bookings answers 429 SEATS_BUSY naming the seat whose lock stayed taken, writing nothing', async () => {
    const lock = new EtcdLock({ endpoints: localTopology().etcd });
    try {
      const lease = await lock.acquire(seatResource(showId, 'C4'), { ttlMs: 10_000 });
      const busy = await expectRefused(
        () => asCustomer('POST', '/bookings', { showId, seats: ['C4', 'C3'], walletId: 'w' }),
        429,
        'SEATS_BUSY',
      );
      expect(busy.headers.get('retry-after')).toBe('1');
      expect((busy.body as { error: { details: unknown } }).error.details).toEqual({
        seats: ['C4'],
      });
      await lease.release();
      // C3 was taken first (canonical order) and given back with the failed attempt.
      const after = await asCustomer('POST', '/bookings', { showId, seats: ['C3'], walletId: 'w' });
      expect(after.status).toBe(201);
    } finally {
      await lock.close();
    }
  });

  it('GET /bookings answers 404 BOOKING_NOT_FOUND for unknown and non-UUID ids', async () => {
    await expectRefused(
      () => asCustomer('GET', '/bookings/00000000-0000-4000-8000-000000000000'),
      404,
      'BOOKING_NOT_FOUND',
    );
    await expectRefused(() => asCustomer('GET', '/bookings/not-a-uuid'), 404, 'BOOKING_NOT_FOUND');
    await expectRefused(
      () => asCustomer('GET', `/bookings/${'x'.repeat(101)}`),
      400,
      'VALIDATION_FAILED',
      'bookingId',
    );
  });

  it('GET /audit reports every check with counts and refuses an unknown query parameter', async () => {
    const audit = await adminCall<{
      ok: boolean;
      service: string;
      checks: Array<{ name: string; ok: boolean }>;
    }>(base, 'GET', '/audit');
    expect(audit.status).toBe(200);
    expect(audit.body.service).toBe('booking');
    expect(audit.body.ok).toBe(true);
    expect(audit.body.checks.length).toBeGreaterThanOrEqual(7);
    // The one booking is still held: fine while load runs, a finding once it has stopped.
    const settled = await adminCall<{ ok: boolean }>(base, 'GET', '/audit?settled=true');
    expect(settled.body.ok).toBe(false);
    await expectRefused(
      () => adminCall(base, 'GET', '/audit?settled=maybe'),
      400,
      'VALIDATION_FAILED',
      'settled',
    );
  });

  it('documents every route in /openapi.json', async () => {
    const response = await call<{ paths: Record<string, Record<string, unknown>> }>(
      base,
      'GET',
      '/openapi.json',
    );
    expect(response.status).toBe(200);
    expect(Object.keys(response.body.paths).sort()).toEqual([
      '/audit',
      '/bookings',
      '/bookings/{bookingId}',
      '/dev/tokens',
      '/shows',
      '/shows/{showId}',
      '/shows/{showId}/seats',
    ]);
    expect(Object.keys(response.body.paths['/bookings']?.post?.valueOf() ?? {})).toContain(
      'responses',
    );
  });
});
