import {
  adminCall,
  bearerCall,
  call,
  expectAdminOnly,
  refusalCheck,
  rowCounts,
  uniqueName,
} from '@lockstep/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerToken } from './support/api.ts';
import { type BookingDeployment, startDeployment } from './support/replicas.ts';

/**
 * Creating shows and the audit are the operator's: without the admin token in x-admin-token
 * they answer 401 and change nothing; with it they work. Reads of the programme stay open;
 * bookings take the customer's bearer token, not the admin token (customer-auth.test.ts).
 */
describe('booking: admin routes', () => {
  let deployment: BookingDeployment;
  let base: string;
  const showId = uniqueName('admin-show');

  beforeAll(async () => {
    deployment = await startDeployment(1);
    base = deployment.replicas[0]?.url ?? '';
  });
  afterAll(async () => {
    await deployment?.stop();
  });

  // processed_events is left out: the consumer records other runs' payment results there.
  const expectRefused = refusalCheck(() => rowCounts(deployment.pool, ['processed_events']));

  it('POST /shows needs the admin token', async () => {
    const body = {
      showId,
      title: 'Admin only',
      startsAt: '2030-01-01T19:00:00Z',
      priceCents: 100,
      rows: 1,
      seatsPerRow: 2,
    };
    await expectAdminOnly(expectRefused, base, { method: 'POST', path: '/shows', body });
    expect((await adminCall(base, 'POST', '/shows', body)).status).toBe(201);
  });

  it('GET /audit needs the admin token, whatever its query', async () => {
    await expectAdminOnly(expectRefused, base, { method: 'GET', path: '/audit' });
    await expectAdminOnly(expectRefused, base, { method: 'GET', path: '/audit?settled=true' });
    const audit = await adminCall<{ ok: boolean }>(base, 'GET', '/audit');
    expect(audit.status).toBe(200);
    expect(audit.body.ok).toBe(true);
  });

  it('customer routes and reads need no admin token', async () => {
    expect((await call(base, 'GET', `/shows/${showId}`)).status).toBe(200);
    const booking = await bearerCall(base, 'POST', '/bookings', await customerToken('c-1'), {
      showId,
      seats: ['A1'],
      walletId: 'w-1',
    });
    expect(booking.status).toBe(201);
  });
});
