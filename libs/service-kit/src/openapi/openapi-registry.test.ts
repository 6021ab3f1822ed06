import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { memoryLogger } from '../../test/support/memory-logger.ts';
import { createHttpApp } from '../http/create-http-app.js';
import { Readiness } from '../lifecycle/readiness.js';
import { mountRoute } from './define-route.js';
import { OpenApiRegistry, toOpenApiPath } from './openapi-registry.js';

const Order = z
  .object({ id: z.uuid(), sku: z.string(), quantity: z.number().int() })
  .meta({ id: 'KitTestOrder', description: 'A reservation of units of one SKU.' });

function ordersApp() {
  const openapi = new OpenApiRegistry({ title: 'inventory', version: '1.0.0' });
  const app = createHttpApp({
    logger: memoryLogger('silent').logger,
    readiness: new Readiness(),
    openapi,
    routes: (router) => {
      mountRoute(
        router,
        openapi,
        {
          method: 'post',
          path: '/orders',
          summary: 'Reserve stock for an order',
          operationId: 'createOrder',
          body: z.strictObject({
            sku: z.string().min(1).describe('Stock keeping unit'),
            quantity: z.number().int().min(1).max(100),
          }),
          responses: { 201: Order, 409: 'SOLD_OUT: the SKU has no stock left' },
        },
        ({ body }, _req, res) => {
          res.status(201).json({ id: crypto.randomUUID(), ...body });
        },
      );
      mountRoute(
        router,
        openapi,
        {
          method: 'get',
          path: '/orders/:id',
          summary: 'Read an order',
          params: z.object({ id: z.uuid() }),
          query: z.object({ include: z.enum(['lines']).optional().describe('Expand') }),
          responses: { 200: { description: 'the order', schema: Order }, 404: 'no such order' },
        },
        (_input, _req, res) => {
          res.status(404).end();
        },
      );
    },
  });
  return { app, openapi };
}

describe('OpenApiRegistry', () => {
  it('/openapi.json is an OpenAPI 3.1 document with every declared route and its request schemas', async () => {
    const { app } = ordersApp();
    const doc = (await request(app).get('/openapi.json').expect(200)).body;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toEqual({ title: 'inventory', version: '1.0.0' });
    expect(Object.keys(doc.paths).sort()).toEqual(['/orders', '/orders/{id}']);

    const create = doc.paths['/orders'].post;
    expect(create.operationId).toBe('createOrder');
    const bodySchema = create.requestBody.content['application/json'].schema;
    expect(bodySchema).toMatchObject({
      type: 'object',
      required: ['sku', 'quantity'],
      additionalProperties: false,
      properties: {
        sku: { type: 'string', minLength: 1, description: 'Stock keeping unit' },
        quantity: { type: 'integer', minimum: 1, maximum: 100 },
      },
    });
    expect(bodySchema.$schema).toBeUndefined();
    expect(create.responses['201'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/KitTestOrder',
    });
    expect(create.responses['409'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/ErrorResponse',
    });
    expect(Object.keys(create.responses).sort()).toEqual(['201', '400', '409', '500']);

    const read = doc.paths['/orders/{id}'].get;
    expect(read.parameters).toEqual([
      expect.objectContaining({ name: 'id', in: 'path', required: true }),
      expect.objectContaining({
        name: 'include',
        in: 'query',
        required: false,
        description: 'Expand',
      }),
    ]);
    expect(read.parameters[0].schema).toMatchObject({ type: 'string', format: 'uuid' });
    expect(doc.components.schemas.KitTestOrder).toMatchObject({
      type: 'object',
      description: 'A reservation of units of one SKU.',
    });
    expect(doc.components.schemas.ErrorResponse.properties.error.required).toEqual([
      'code',
      'message',
    ]);
  });

  it('the schema in the document is the one enforced: a body it forbids is refused', async () => {
    const { app } = ordersApp();
    await request(app).post('/orders').send({ sku: 'SKU-1', quantity: 101 }).expect(400);
    await request(app).post('/orders').send({ sku: 'SKU-1', quantity: 100 }).expect(201);
  });

  it('declaring the same method and path twice is refused', () => {
    const openapi = new OpenApiRegistry({ title: 't', version: '1' });
    const route = { method: 'get', path: '/x', summary: 'x', responses: { 200: 'ok' } } as const;
    openapi.route(route);
    expect(() => openapi.route(route)).toThrow(/declared twice/);
    expect(() => mountRoute(express.Router(), openapi, route, () => undefined)).toThrow();
  });

  it('Express path parameters become OpenAPI templates', () => {
    expect(toOpenApiPath('/shows/:showId/seats/:seat')).toBe('/shows/{showId}/seats/{seat}');
  });
});
