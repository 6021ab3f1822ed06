import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { memoryLogger } from '../../test/support/memory-logger.ts';
import { ConflictError, type FieldProblem } from '../errors/index.js';
import { Readiness } from '../lifecycle/readiness.js';
import { defineRoute } from '../openapi/define-route.js';
import { OpenApiRegistry } from '../openapi/openapi-registry.js';
import { createHttpApp } from './create-http-app.js';
import { validate, validateBody } from './validate.js';

const reserveBody = z.strictObject({
  sku: z.string().min(1).max(64),
  quantity: z.number().int().min(1).max(100),
  buyer: z.strictObject({ id: z.uuid() }),
});

/** An app whose routes record every call that got past validation ("writes"). */
function reservationApp() {
  const writes: unknown[] = [];
  const openapi = new OpenApiRegistry({ title: 'test', version: '1' });
  const http = createHttpApp({
    logger: memoryLogger('silent').logger,
    readiness: new Readiness(),
    openapi,
    routes: (router) => {
      router.post(
        '/skus/:skuId/reservations',
        defineRoute(
          openapi,
          {
            method: 'post',
            path: '/skus/:skuId/reservations',
            summary: 'reserve units',
            params: z.object({ skuId: z.string().regex(/^SKU-\d+$/) }),
            query: z.strictObject({ dryRun: z.enum(['true', 'false']).optional() }),
            body: reserveBody,
            responses: { 201: z.object({ reserved: z.number() }) },
          },
          ({ body, params }, _req, res) => {
            writes.push({ ...body, skuId: params.skuId });
            res.status(201).json({ reserved: body.quantity });
          },
        ),
      );
      router.post(
        '/conflicts',
        validate({ body: z.strictObject({ sku: z.string() }) }, async ({ body }) => {
          await Promise.resolve();
          throw new ConflictError(`${body.sku} is sold out`, { code: 'SOLD_OUT' });
        }),
      );
      router.post('/notes', validateBody(z.strictObject({ text: z.string() })), (req, res) => {
        writes.push(req.body);
        res.json(req.body);
      });
    },
  });
  return { http, writes };
}

const good = {
  sku: 'SKU-1',
  quantity: 2,
  buyer: { id: '4b0c5a6e-2f43-4a8e-9d5b-0f6f4a2b9c11' },
};

async function expect400(
  body: unknown,
  path = '/skus/SKU-1/reservations',
): Promise<FieldProblem[]> {
  const { http, writes } = reservationApp();
  const res = await request(http)
    .post(path)
    .send(body as object)
    .expect(400);
  expect(res.body.error.code).toBe('VALIDATION_FAILED');
  expect(writes).toEqual([]);
  return res.body.error.details;
}

describe('validate', () => {
  it('valid input reaches the handler, typed and parsed', async () => {
    const { http, writes } = reservationApp();
    await request(http).post('/skus/SKU-7/reservations').send(good).expect(201, { reserved: 2 });
    expect(writes).toEqual([{ ...good, skuId: 'SKU-7' }]);
  });

  it('a value over its maximum is a 400 naming the field; the handler never runs', async () => {
    const details = await expect400({ ...good, quantity: 1_000 });
    expect(details).toEqual([
      { field: 'quantity', in: 'body', message: 'Too big: expected number to be <=100' },
    ]);
  });

  it('a huge number, a wrong type and a missing field are all reported in one 400', async () => {
    const details = await expect400({ sku: 42, quantity: 1e308 });
    // 1e308 breaks two rules (not a safe integer, over 100); each is reported.
    expect([...new Set(details.map((d) => d.field))]).toEqual(['sku', 'quantity', 'buyer']);
    expect(details.find((d) => d.field === 'buyer')?.message).toContain('received undefined');
  });

  it('an unknown extra field (strict objects), even nested, is a 400 naming it', async () => {
    const details = await expect400({ ...good, price: 0, buyer: { ...good.buyer, admin: true } });
    expect(details.map((d) => d.field).sort()).toEqual(['buyer.admin', 'price']);
  });

  it('a missing body is a 400 on the body as a whole', async () => {
    const { http, writes } = reservationApp();
    const res = await request(http).post('/skus/SKU-1/reservations').expect(400);
    expect(res.body.error.details).toEqual([
      expect.objectContaining({ field: 'body', in: 'body' }),
    ]);
    expect(writes).toEqual([]);
  });

  it('bad path params and query are reported with their location', async () => {
    const details = await expect400(good, '/skus/nope/reservations?dryRun=maybe&x=1');
    expect(details.map((d) => `${d.in}:${d.field}`).sort()).toEqual([
      'params:skuId',
      'query:dryRun',
      'query:x',
    ]);
  });

  it('a JSON array or string where an object is expected is a 400, not a crash', async () => {
    await expect400([good]);
    const { http } = reservationApp();
    await request(http)
      .post('/skus/SKU-1/reservations')
      .set('content-type', 'application/json')
      .send('"just a string"')
      .expect(400);
  });

  it('validateBody replaces req.body with the parsed value or answers 400', async () => {
    const { http, writes } = reservationApp();
    await request(http).post('/notes').send({ text: 'hi' }).expect(200, { text: 'hi' });
    const res = await request(http).post('/notes').send({ text: 1, extra: 2 }).expect(400);
    expect(res.body.error.details.map((d: FieldProblem) => d.field).sort()).toEqual([
      'extra',
      'text',
    ]);
    expect(writes).toEqual([{ text: 'hi' }]);
  });

  it('a validated async handler needs no try/catch: its rejection reaches the error middleware', async () => {
    const { http } = reservationApp();
    const res = await request(http).post('/conflicts').send({ sku: 'SKU-9' }).expect(409);
    expect(res.body.error).toEqual({ code: 'SOLD_OUT', message: 'SKU-9 is sold out' });
  });
});
