import { mintDevelopmentToken } from '@lockstep/service-kit';
import {
  bearerCall,
  expectOwnerOnly,
  type OwnerRequest,
  refusalCheck,
  rowCounts,
  uniqueName,
} from '@lockstep/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createShow } from './support/api.ts';
import { seatRows } from './support/db.ts';
import { type BookingDeployment, startDeployment } from './support/replicas.ts';

const mint = mintDevelopmentToken;

/**
 * A booking is its customer's: holding seats takes a customer's bearer token (the token's
 * subject is the customer; a body customerId must be that subject), and reading one answers its
 * owner only. 401 without a valid token, 403 for anyone else, and nothing written either way.
 */
describe('booking: customer authentication', () => {
  let deployment: BookingDeployment;
  let base: string;
  let showId: string;
  let bookingId: string;
  const owner = uniqueName('alice');
  const booking = () => ({ showId, seats: ['A2'], customerId: owner, walletId: 'alice-wallet' });

  beforeAll(async () => {
    deployment = await startDeployment(1);
    base = deployment.replicas[0]?.url ?? '';
    showId = await createShow(base, { rows: 1, seatsPerRow: 4, priceCents: 100 });
    const token = await mint({ subject: owner, role: 'customer' });
    const held = await bearerCall<{ bookingId: string }>(base, 'POST', '/bookings', token, {
      ...booking(),
      seats: ['A1'],
    });
    expect(held.status).toBe(201);
    bookingId = held.body.bookingId;
  });
  afterAll(async () => {
    await deployment?.stop();
  });

  // processed_events is left out: the consumer records other runs' payment results there.
  const expectRefused = refusalCheck(async () => ({
    rows: await rowCounts(deployment.pool, ['processed_events']),
    seats: await seatRows(deployment.pool, showId),
  }));

  /** Every customer route of booking, as its owner sends it, and what the owner gets. */
  const customerRoutes: Array<{
    route: string;
    request: () => OwnerRequest;
    answer: () => { status: number; body: object };
  }> = [
    {
      route: 'POST /bookings',
      request: () => ({ method: 'POST', path: '/bookings', body: booking() }),
      answer: () => ({ status: 201, body: { status: 'held', showId, seats: ['A2'] } }),
    },
    {
      route: 'GET /bookings/:bookingId',
      request: () => ({ method: 'GET', path: `/bookings/${bookingId}` }),
      answer: () => ({ status: 200, body: { bookingId, customerId: owner, seats: ['A1'] } }),
    },
  ];

  for (const { route, request, answer } of customerRoutes) {
    it(`${route} answers its owner only, and a refusal writes nothing`, async () => {
      await expectOwnerOnly(expectRefused, base, request(), { owner, role: 'customer', mint });
      const { method, path, body } = request();
      const token = await mint({ subject: owner, role: 'customer' });
      const response = await bearerCall(base, method, path, token, body);
      const expected = answer();
      expect(response.status).toBe(expected.status);
      expect(response.body).toMatchObject(expected.body);
    });
  }

  it("a booking that names no customer is the token subject's, and only theirs to read", async () => {
    const bob = uniqueName('bob');
    const token = await mint({ subject: bob, role: 'customer' });
    const placed = await bearerCall<{ bookingId: string }>(base, 'POST', '/bookings', token, {
      showId,
      seats: ['A3'],
      walletId: 'bob-wallet',
    });
    expect(placed.status).toBe(201);
    const path = `/bookings/${placed.body.bookingId}`;
    expect((await bearerCall(base, 'GET', path, token)).body).toMatchObject({ customerId: bob });
    const alice = await mint({ subject: owner, role: 'customer' });
    await expectRefused(() => bearerCall(base, 'GET', path, alice), 403, 'FORBIDDEN');
  });
});
