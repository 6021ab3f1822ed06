import { mintDevelopmentToken, unboundedRequestStrings } from '@lockstep/service-kit';
import {
  adminCall,
  bearerCall,
  call,
  forEachHostile,
  hostilePathSegments,
  hostileStrings,
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
 * Control characters and over-long strings in every string the API takes, in the body, the
 * path and the query: each is a 400 VALIDATION_FAILED naming the field, and nothing changes.
 */
describe('delivery-assignment: hostile input', () => {
  let deployment: DeliveryDeployment;
  let base: string;
  const partnerId = uniqueName('hostile-p');
  const newPartner = () => ({
    partnerId: uniqueName('p'),
    name: 'Ada',
    lat: 12.9,
    lng: 77.5,
    capacity: 1,
  });

  // Every route with a path id is a partner's: sent with a partner token, so the 400 is the
  // input's and not a missing credential's.
  let token: string;

  beforeAll(async () => {
    token = await mintDevelopmentToken({ subject: partnerId, role: 'partner' });
    deployment = await startDeployment(1);
    await stopOrderConsumers(deployment);
    base = deployment.replicas[0]?.url ?? '';
    const created = await adminCall(base, 'POST', '/partners', { ...newPartner(), partnerId });
    expect(created.status).toBe(201);
  });
  afterAll(async () => {
    await deployment?.stop();
  });

  const expectRefused = refusalCheck(() => snapshot(deployment.pool));

  for (const { field, max } of [
    { field: 'partnerId', max: 100 },
    { field: 'name', max: 200 },
  ]) {
    it(`POST /partners refuses every hostile ${field} with 400 naming it, and writes nothing`, async () => {
      await forEachHostile(hostileStrings(max), (value) =>
        expectRefused(
          () => adminCall(base, 'POST', '/partners', { ...newPartner(), [field]: value }),
          400,
          'VALIDATION_FAILED',
          field,
        ),
      );
    });
  }

  const pathRoutes = [
    { method: 'GET', path: (s: string) => `/partners/${s}`, field: 'id' },
    { method: 'PUT', path: (s: string) => `/partners/${s}/location`, field: 'id' },
    { method: 'GET', path: (s: string) => `/assignments/${s}`, field: 'orderId' },
    { method: 'POST', path: (s: string) => `/assignments/${s}/complete`, field: 'orderId' },
    { method: 'POST', path: (s: string) => `/assignments/${s}/release`, field: 'orderId' },
  ];

  for (const { method, path, field } of pathRoutes) {
    it(`${method} ${path(`:${field}`)} refuses every hostile ${field} with 400 naming it`, async () => {
      const body = method === 'PUT' ? { lat: 1, lng: 1 } : undefined;
      await forEachHostile(hostilePathSegments(100), (segment) =>
        expectRefused(
          () => bearerCall(base, method, path(segment), token, body),
          400,
          'VALIDATION_FAILED',
          field,
        ),
      );
    });
  }

  it('a control character in a query parameter is refused even where the route reads no query', async () => {
    await expectRefused(
      () =>
        bearerCall(base, 'PUT', `/partners/${partnerId}/location?why=%1B`, token, {
          lat: 1,
          lng: 1,
        }),
      400,
      'VALIDATION_FAILED',
      'why',
    );
  });

  it('every string the API accepts has a length bound in /openapi.json', async () => {
    const document = await call<Record<string, unknown>>(base, 'GET', '/openapi.json');
    expect(unboundedRequestStrings(document.body)).toEqual([]);
  });
});
