import { localAdminToken } from '@lockstep/infra-local';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { memoryLogger } from '../../test/support/memory-logger.ts';
import { developmentAdminToken } from '../config/base-service-config.js';
import { Readiness } from '../lifecycle/readiness.js';
import { mountRoute } from '../openapi/define-route.js';
import { OpenApiRegistry } from '../openapi/openapi-registry.js';
import { isAdminToken } from './admin-token.js';
import { createHttpApp } from './create-http-app.js';

const token = 'a-long-enough-admin-token';

/** An app with one admin route and one open route; `writes` records what got through. */
function adminApp(adminToken: string | null = token) {
  const writes: unknown[] = [];
  const openapi = new OpenApiRegistry({ title: 'test', version: '1' });
  const http = createHttpApp({
    logger: memoryLogger('silent').logger,
    readiness: new Readiness(),
    openapi,
    ...(adminToken === null ? {} : { adminToken }),
    routes: (router) => {
      mountRoute(
        router,
        openapi,
        {
          method: 'post',
          path: '/restock',
          summary: 'an operator route',
          admin: true,
          body: z.strictObject({ quantity: z.number().int().min(1) }),
          responses: { 200: z.object({}) },
        },
        ({ body }, _req, res) => {
          writes.push(body);
          res.json({});
        },
      );
      mountRoute(
        router,
        openapi,
        { method: 'get', path: '/open', summary: 'anyone', responses: { 200: z.object({}) } },
        (_input, _req, res) => {
          res.json({});
        },
      );
    },
  });
  return { http, writes, openapi };
}

describe('admin routes', () => {
  it('without x-admin-token: 401 ADMIN_TOKEN_REQUIRED, checked before the body, nothing runs', async () => {
    const { http, writes } = adminApp();
    for (const body of [{ quantity: 1 }, { quantity: 'not even valid' }]) {
      const res = await request(http).post('/restock').send(body).expect(401);
      expect(res.body.error.code).toBe('ADMIN_TOKEN_REQUIRED');
    }
    // The admin token in the customer's header is not an admin request.
    const bearer = await request(http)
      .post('/restock')
      .set('authorization', `Bearer ${token}`)
      .send({ quantity: 1 })
      .expect(401);
    expect(bearer.body.error.code).toBe('ADMIN_TOKEN_REQUIRED');
    expect(writes).toEqual([]);
  });

  it('with a wrong token (shorter, longer, same length, a prefix): 401 ADMIN_TOKEN_INVALID', async () => {
    const { http, writes } = adminApp();
    const sameLength = `${token.slice(0, -1)}X`;
    for (const wrong of ['x', `${token}x`, sameLength, token.slice(0, 8), token.toUpperCase()]) {
      const res = await request(http)
        .post('/restock')
        .set('x-admin-token', wrong)
        .send({ quantity: 1 });
      expect({ wrong, status: res.status, code: res.body.error?.code }).toEqual({
        wrong,
        status: 401,
        code: 'ADMIN_TOKEN_INVALID',
      });
    }
    expect(writes).toEqual([]);
  });

  it('with the token the route runs, validated as usual; open routes need none', async () => {
    const { http, writes } = adminApp();
    await request(http)
      .post('/restock')
      .set('x-admin-token', token)
      .send({ quantity: 2 })
      .expect(200);
    const bad = await request(http)
      .post('/restock')
      .set('x-admin-token', token)
      .send({ quantity: 0 })
      .expect(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    await request(http).get('/open').expect(200);
    expect(writes).toEqual([{ quantity: 2 }]);
  });

  it('an app built without a token refuses every admin request (fail closed)', async () => {
    const { http, writes } = adminApp(null);
    const res = await request(http)
      .post('/restock')
      .set('x-admin-token', token)
      .send({ quantity: 1 })
      .expect(401);
    expect(res.body.error.code).toBe('ADMIN_TOKEN_INVALID');
    expect(writes).toEqual([]);
  });

  it('the OpenAPI document marks admin routes with the x-admin-token scheme and their 401', () => {
    const document = adminApp().openapi.document() as {
      paths: Record<string, Record<string, { security?: unknown; responses: object }>>;
      components: { securitySchemes?: Record<string, unknown> };
    };
    expect(document.components.securitySchemes?.adminToken).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'x-admin-token',
    });
    expect(document.paths['/restock']?.post?.security).toEqual([{ adminToken: [] }]);
    expect(document.paths['/restock']?.post?.responses).toHaveProperty('401');
    expect(document.paths['/open']?.get?.security).toBeUndefined();
  });

  it('isAdminToken compares whole values of any length', () => {
    expect(isAdminToken(token, token)).toBe(true);
    expect(isAdminToken('', token)).toBe(false);
    expect(isAdminToken(`${token}\u0000`, token)).toBe(false);
  });

  it("a local fleet's default token is the kit's development default, so local tools and replicas agree", () => {
    expect(localAdminToken({})).toBe(developmentAdminToken);
    expect(localAdminToken({ ADMIN_TOKEN: 'set-in-the-shell-token' })).toBe(
      'set-in-the-shell-token',
    );
  });
});
