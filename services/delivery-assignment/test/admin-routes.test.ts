import { mintDevelopmentToken } from '@lockstep/service-kit';
import {
  adminCall,
  bearerCall,
  expectAdminOnly,
  refusalCheck,
  uniqueName,
} from '@lockstep/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshot } from './support/db-snapshot.ts';
import {
  type DeliveryDeployment,
  startDeployment,
  stopOrderConsumers,
} from './support/replicas.ts';

/**
 * Signing up partners and the audit are the operator's: without the admin token in
 * x-admin-token they answer 401 and change nothing; with it they work. A partner's own
 * actions take the partner's bearer token instead (customer-auth.test.ts).
 */
describe('delivery-assignment: admin routes', () => {
  let deployment: DeliveryDeployment;
  let base: string;
  const partnerId = uniqueName('admin-p');

  beforeAll(async () => {
    deployment = await startDeployment(1);
    await stopOrderConsumers(deployment);
    base = deployment.replicas[0]?.url ?? '';
  });
  afterAll(async () => {
    await deployment?.stop();
  });

  const expectRefused = refusalCheck(() => snapshot(deployment.pool));

  it('POST /partners needs the admin token', async () => {
    const body = { partnerId, name: 'Ada', lat: 12.9, lng: 77.5, capacity: 1 };
    await expectAdminOnly(expectRefused, base, { method: 'POST', path: '/partners', body });
    expect((await adminCall(base, 'POST', '/partners', body)).status).toBe(201);
  });

  it('GET /audit needs the admin token', async () => {
    await expectAdminOnly(expectRefused, base, { method: 'GET', path: '/audit' });
    const audit = await adminCall<{ ok: boolean }>(base, 'GET', '/audit');
    expect(audit.status).toBe(200);
    expect(audit.body.ok).toBe(true);
  });

  it("a partner's own routes and reads need no admin token", async () => {
    const token = await mintDevelopmentToken({ subject: partnerId, role: 'partner' });
    expect((await bearerCall(base, 'GET', `/partners/${partnerId}`, token)).status).toBe(200);
    const path = `/partners/${partnerId}/location`;
    const moved = await bearerCall(base, 'PUT', path, token, { lat: 1, lng: 1 });
    expect(moved.status).toBe(200);
  });
});
