import { createTestDatabase, type TestDatabase } from '@lockstep/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExampleService } from './fixtures/example-service.ts';

/**
 * The kit end to end, wired the way a service's main.ts wires it: config from an env,
 * database created and migrated at start, routes validated and documented, then a clean stop.
 */
describe('a service built on the kit', () => {
  let testDb: TestDatabase;
  let service: ReturnType<typeof buildExampleService>;
  let base: string;

  beforeAll(async () => {
    testDb = await createTestDatabase({ prefix: 'kit_test' });
    service = buildExampleService({
      DATABASE_URL: testDb.url,
      KAFKA_BROKERS: '127.0.0.1:9192',
      PORT: '0',
      LOG_LEVEL: 'silent',
      MAX_UNITS_PER_ORDER: '5',
    });
    await service.runtime.start();
    base = service.http.url;
  });
  afterAll(async () => {
    await service.runtime.stop();
    await testDb.drop();
  });

  const post = (body: unknown) =>
    fetch(`${base}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('is ready once started, and a valid order is stored with its outbox event in one transaction', async () => {
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    const created = await post({ id: 'o-1', sku: 'SKU-1', quantity: 2 });
    expect(created.status).toBe(201);
    const read = await fetch(`${base}/orders/o-1`);
    expect(await read.json()).toEqual({ id: 'o-1', sku: 'SKU-1', quantity: 2 });
    const { rows } = await service.db.pool.query('SELECT topic FROM outbox');
    expect(rows).toEqual([{ topic: 'order.placed' }]);
  });

  it('a config-driven limit is enforced (400, nothing written); a duplicate is 409; unknown is 404', async () => {
    const tooMany = await post({ id: 'o-2', sku: 'SKU-1', quantity: 6 });
    expect(tooMany.status).toBe(400);
    expect(((await tooMany.json()) as { error: { details: unknown[] } }).error.details).toEqual([
      { field: 'quantity', in: 'body', message: 'Too big: expected number to be <=5' },
    ]);
    expect((await service.db.pool.query("SELECT 1 FROM orders WHERE id = 'o-2'")).rows).toEqual([]);

    const duplicate = await post({ id: 'o-1', sku: 'SKU-1', quantity: 1 });
    expect(duplicate.status).toBe(409);
    expect(((await duplicate.json()) as { error: { code: string } }).error.code).toBe(
      'ORDER_EXISTS',
    );
    expect((await fetch(`${base}/orders/missing`)).status).toBe(404);
  });

  it('documents its routes in /openapi.json', async () => {
    const doc = (await (await fetch(`${base}/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(doc.paths).sort()).toEqual(['/orders', '/orders/{id}']);
  });
});
