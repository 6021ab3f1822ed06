import { unboundedRequestStrings } from '@lockstep/service-kit';
import {
  adminCall,
  bearerCall,
  call,
  forEachHostile,
  hostilePathSegments,
  hostileStrings,
  refusalCheck,
  rowCounts,
  uniqueName,
} from '@lockstep/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShow, customerToken } from './support/api.ts';
import { seatRows } from './support/db.ts';
import { type BookingDeployment, startDeployment } from './support/replicas.ts';

/**
 * Control characters and over-long strings in every string the API takes, in the body, the
 * path and the query: each is a 400 VALIDATION_FAILED naming the field, and nothing changes.
 */
describe('booking: hostile input', () => {
  let deployment: BookingDeployment;
  let base: string;
  let showId: string;
  let token: string;

  // Bookings are the customer's (bearer token), shows the operator's (admin token): each is
  // sent with its credential, so the 400 is the input's and not a missing credential's.
  const send = (method: string, path: string, body?: unknown) =>
    path.startsWith('/bookings')
      ? bearerCall(base, method, path, token, body)
      : adminCall(base, method, path, body);

  beforeAll(async () => {
    token = await customerToken('c-1');
    deployment = await startDeployment(1);
    base = deployment.replicas[0]?.url ?? '';
    showId = await createShow(base, { rows: 2, seatsPerRow: 2, priceCents: 100 });
  });
  afterAll(async () => {
    await deployment?.stop();
  });

  // processed_events is left out: the consumer records other runs' payment results there.
  const expectRefused = refusalCheck(async () => ({
    rows: await rowCounts(deployment.pool, ['processed_events']),
    seats: await seatRows(deployment.pool, showId),
  }));

  const newShow = () => ({
    showId: uniqueName('show'),
    title: 'A play',
    startsAt: '2030-01-01T19:00:00Z',
    priceCents: 100,
    rows: 1,
    seatsPerRow: 1,
  });
  const booking = () => ({ showId, seats: ['A1'], customerId: 'c-1', walletId: 'w-1' });

  const bodyFields: Array<{
    route: string;
    field: string;
    max: number;
    valid: () => Record<string, unknown>;
    set?: (body: Record<string, unknown>, value: string) => void;
  }> = [
    { route: '/shows', field: 'showId', max: 64, valid: newShow },
    { route: '/shows', field: 'title', max: 200, valid: newShow },
    { route: '/bookings', field: 'showId', max: 64, valid: booking },
    { route: '/bookings', field: 'customerId', max: 100, valid: booking },
    { route: '/bookings', field: 'walletId', max: 100, valid: booking },
    {
      route: '/bookings',
      field: 'seats.0',
      max: 5,
      valid: booking,
      set: (body, value) => {
        body.seats = [value];
      },
    },
  ];

  for (const { route, field, max, valid, set } of bodyFields) {
    it(`POST ${route} refuses every hostile ${field} with 400 naming it, and writes nothing`, async () => {
      await forEachHostile(hostileStrings(max), (value) => {
        const body = valid();
        if (set) set(body, value);
        else body[field] = value;
        return expectRefused(() => send('POST', route, body), 400, 'VALIDATION_FAILED', field);
      });
    });
  }

  const pathRoutes = [
    { path: (s: string) => `/shows/${s}`, field: 'showId', max: 64 },
    { path: (s: string) => `/shows/${s}/seats`, field: 'showId', max: 64 },
    { path: (s: string) => `/bookings/${s}`, field: 'bookingId', max: 100 },
  ];

  for (const { path, field, max } of pathRoutes) {
    it(`GET ${path(`:${field}`)} refuses every hostile ${field} with 400 naming it`, async () => {
      await forEachHostile(hostilePathSegments(max), (segment) =>
        expectRefused(() => send('GET', path(segment)), 400, 'VALIDATION_FAILED', field),
      );
    });
  }

  it('a control character in a query parameter is refused, read by the route or not', async () => {
    await expectRefused(
      () => adminCall(base, 'GET', '/audit?settled=true%00'),
      400,
      'VALIDATION_FAILED',
      'settled',
    );
    await expectRefused(
      () => call(base, 'GET', `/shows/${showId}?x=%C2%85`),
      400,
      'VALIDATION_FAILED',
      'x',
    );
  });

  it('every string the API accepts has a length bound in /openapi.json', async () => {
    const document = await call<Record<string, unknown>>(base, 'GET', '/openapi.json');
    expect(unboundedRequestStrings(document.body)).toEqual([]);
  });
});
