import { mintDevelopmentToken } from '@lockstep/service-kit';
import {
  adminCall,
  bearerCall,
  call,
  errorCode,
  testKafka,
  uniqueName,
  waitFor,
} from '@lockstep/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshot } from './support/db-snapshot.ts';
import { type Point, randomArea } from './support/geo.ts';
import { type Api, apiOf } from './support/http-client.ts';
import { OrdersProducer } from './support/orders-producer.ts';
import { type DeliveryDeployment, startDeployment } from './support/replicas.ts';

let deployment: DeliveryDeployment;
let api: Api;
let base: string;
let area: Point;
let producer: OrdersProducer;

/** The fields a 400 names, each once (a field may break several rules). */
function fieldsOf(body: { error: { details?: Array<{ field: string }> } }): string[] {
  return [...new Set((body.error.details ?? []).map((detail) => detail.field))].sort();
}

describe('delivery-assignment HTTP API', () => {
  beforeAll(async () => {
    deployment = await startDeployment(1);
    base = deployment.replicas[0]?.url ?? '';
    api = apiOf(base);
    area = randomArea();
    producer = new OrdersProducer(testKafka('delivery-http-test'));
    await producer.connect();
  });

  afterAll(async () => {
    await producer?.disconnect();
    await deployment?.stop();
  });

  it('POST /partners registers a partner at version 0 with no deliveries, and GET reads it back', async () => {
    const partnerId = uniqueName('p');
    const created = await api.createPartner({ partnerId, name: 'Ada', ...area, capacity: 3 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      partnerId,
      name: 'Ada',
      capacity: 3,
      active: 0,
      version: 0,
    });
    const read = await api.getPartner(partnerId);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);

    const generated = await api.createPartner({ name: 'Bo', ...area, capacity: 1 });
    expect(generated.status).toBe(201);
    expect(generated.body.partnerId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('POST /partners with bad input answers 4xx naming each bad field and writes nothing', async () => {
    const before = await snapshot(deployment.pool);
    const valid = { partnerId: uniqueName('bad'), name: 'X', lat: 1, lng: 1, capacity: 2 };
    const cases: Array<{ body: unknown; fields: string[] }> = [
      { body: {}, fields: ['capacity', 'lat', 'lng', 'name'] },
      { body: { ...valid, lat: 90.5, lng: -181 }, fields: ['lat', 'lng'] },
      { body: { ...valid, lat: '1' }, fields: ['lat'] },
      { body: { ...valid, capacity: 0 }, fields: ['capacity'] },
      { body: { ...valid, capacity: 101 }, fields: ['capacity'] },
      { body: { ...valid, capacity: 1.5 }, fields: ['capacity'] },
      { body: { ...valid, capacity: 1e308 }, fields: ['capacity'] },
      { body: { ...valid, name: '   ' }, fields: ['name'] },
      { body: { ...valid, name: 'n'.repeat(201) }, fields: ['name'] },
      { body: { ...valid, partnerId: 'a/b' }, fields: ['partnerId'] },
      { body: { ...valid, partnerId: 'p'.repeat(101) }, fields: ['partnerId'] },
      { body: { ...valid, active: 5 }, fields: ['active'] },
      { body: [valid], fields: ['body'] },
    ];
    for (const { body, fields } of cases) {
      const response = await api.createPartner(body);
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
      expect(fieldsOf(response.body)).toEqual(fields);
    }
    const malformed = await adminCall(base, 'POST', '/partners', '{"name": ');
    expect([malformed.status, errorCode(malformed)]).toEqual([400, 'MALFORMED_JSON']);
    const huge = await api.createPartner({ ...valid, name: 'n'.repeat(70_000) });
    expect([huge.status, huge.body.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const notJson = await adminCall(base, 'POST', '/partners', 'name=x', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(notJson.status).toBe(415);
    expect(await snapshot(deployment.pool)).toEqual(before);
  });

  it('POST /partners with a taken id answers 409 PARTNER_EXISTS and leaves the first partner as it was', async () => {
    const partnerId = uniqueName('dup');
    await api.createPartner({ partnerId, name: 'First', ...area, capacity: 2 });
    const before = await snapshot(deployment.pool);
    const second = await api.createPartner({
      partnerId,
      name: 'Second',
      lat: 0,
      lng: 0,
      capacity: 9,
    });
    expect([second.status, second.body.error.code]).toEqual([409, 'PARTNER_EXISTS']);
    expect(await snapshot(deployment.pool)).toEqual(before);
  });

  it('GET /partners/:id answers 404 PARTNER_NOT_FOUND for an unknown id and 400 for an overlong one', async () => {
    const unknown = await api.getPartner(uniqueName('nobody'));
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'PARTNER_NOT_FOUND']);
    // Sent with a valid partner token: an overlong id is no token's subject.
    const someone = await mintDevelopmentToken({ subject: 'someone', role: 'partner' });
    const path = `/partners/${'p'.repeat(101)}`;
    const overlong = await bearerCall<{ error: { details?: Array<{ field: string }> } }>(
      base,
      'GET',
      path,
      someone,
    );
    expect([overlong.status, fieldsOf(overlong.body)]).toEqual([400, ['id']]);
  });

  it('PUT /partners/:id/location moves the partner and bumps its version; bad input and unknown ids change nothing', async () => {
    const partnerId = uniqueName('mover');
    await api.createPartner({ partnerId, name: 'Mo', ...area, capacity: 2 });
    const moved = await api.movePartner(partnerId, { lat: area.lat + 0.01, lng: area.lng });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      lat: area.lat + 0.01,
      lng: area.lng,
      active: 0,
      version: 1,
    });

    const before = await snapshot(deployment.pool);
    const bad: Array<{ body: unknown; fields: string[] }> = [
      { body: {}, fields: ['lat', 'lng'] },
      { body: { lat: -91, lng: 0 }, fields: ['lat'] },
      { body: { lat: 0, lng: 'east' }, fields: ['lng'] },
      { body: { lat: 0, lng: 0, capacity: 50 }, fields: ['capacity'] },
    ];
    for (const { body, fields } of bad) {
      const response = await api.movePartner(partnerId, body);
      expect({ body, status: response.status, fields: fieldsOf(response.body) }).toEqual({
        body,
        status: 400,
        fields,
      });
    }
    const unknown = await api.movePartner(uniqueName('nobody'), { lat: 0, lng: 0 });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'PARTNER_NOT_FOUND']);
    expect(await snapshot(deployment.pool)).toEqual(before);
  });

  it('GET, complete and release of an order without an assignment answer 404 ASSIGNMENT_NOT_FOUND and write nothing', async () => {
    const before = await snapshot(deployment.pool);
    const orderId = uniqueName('no-such-order');
    for (const response of [
      await api.getAssignment(orderId),
      await api.complete(orderId, 'any-partner'),
      await api.release(orderId, 'any-partner'),
    ]) {
      expect([response.status, response.body.error.code]).toEqual([404, 'ASSIGNMENT_NOT_FOUND']);
    }
    const overlong = await api.complete('o'.repeat(101), 'any-partner');
    expect([overlong.status, fieldsOf(overlong.body)]).toEqual([400, ['orderId']]);
    expect(await snapshot(deployment.pool)).toEqual(before);
  });

  it('an assignment completes once; completing or releasing it again answers 409 ASSIGNMENT_NOT_ACTIVE and changes nothing', async () => {
    const partnerId = uniqueName('courier');
    const spot = { lat: area.lat + 0.2, lng: area.lng + 0.2 };
    await api.createPartner({ partnerId, name: 'Cy', ...spot, capacity: 1 });
    const orderId = uniqueName('order');
    await producer.send([producer.envelope(orderId, spot)]);
    await waitFor(
      'the order to be assigned',
      async () => (await api.getAssignment(orderId)).status === 200,
    );
    const assigned = await api.getAssignment(orderId);
    expect(assigned.body).toMatchObject({
      orderId,
      partnerId,
      status: 'assigned',
      completedAt: null,
    });
    expect((await api.getPartner(partnerId)).body.active).toBe(1);

    const completed = await api.complete(orderId, partnerId);
    expect(completed.status).toBe(200);
    expect(completed.body).toMatchObject({ orderId, partnerId, status: 'completed' });
    expect(completed.body.completedAt).not.toBeNull();
    expect((await api.getPartner(partnerId)).body).toMatchObject({ active: 0, version: 2 });

    const before = await snapshot(deployment.pool);
    const again = [await api.complete(orderId, partnerId), await api.release(orderId, partnerId)];
    for (const response of again) {
      expect([response.status, response.body.error.code]).toEqual([409, 'ASSIGNMENT_NOT_ACTIVE']);
      expect(response.body.error.details).toEqual({ status: 'completed' });
    }
    expect(await snapshot(deployment.pool)).toEqual(before);
  });

  it('GET /audit reports every invariant passing, with its counts', async () => {
    const audit = await api.audit();
    expect(audit.status).toBe(200);
    expect(audit.body.ok).toBe(true);
    expect(audit.body.checks.map((check: { name: string }) => check.name)).toEqual([
      'no-order-assigned-twice',
      'no-partner-over-capacity',
      'partner-load-matches-assignments',
      'no-pending-order-in-progress',
    ]);
    expect(audit.body.service).toBe('delivery-assignment');
    expect(audit.body.checks[1].counts.checked).toBeGreaterThan(0);
    expect(audit.body.checks[1].counts.violations).toBe(0);
  });

  it('/openapi.json documents every endpoint', async () => {
    const doc = await call<{ paths: object }>(base, 'GET', '/openapi.json');
    expect(Object.keys(doc.body.paths).sort()).toEqual([
      '/assignments/{orderId}',
      '/assignments/{orderId}/complete',
      '/assignments/{orderId}/release',
      '/audit',
      '/dev/tokens',
      '/partners',
      '/partners/{id}',
      '/partners/{id}/location',
    ]);
  });
});
