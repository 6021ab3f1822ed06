import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { memoryLogger } from '../../test/support/memory-logger.ts';
import { createHttpApp } from '../http/create-http-app.js';
import { Readiness } from '../lifecycle/readiness.js';
import { mountRoute } from '../openapi/define-route.js';
import { OpenApiRegistry } from '../openapi/openapi-registry.js';
import { callerOf, requireOwner } from './authenticate.js';
import { defaultAudience, developmentIssuer, developmentKeySet } from './development-keys.js';
import { mountDevelopmentTokenRoute } from './development-token-route.js';
import { mintDevelopmentToken } from './mint-development-token.js';
import { TokenVerifier } from './token-verifier.js';

const adminToken = 'a-long-enough-admin-token';
const verifier = new TokenVerifier({
  keys: developmentKeySet,
  issuer: developmentIssuer,
  audience: defaultAudience,
  algorithms: ['ES256'],
});

/** An app whose `/carts/:owner` is a customer's own; `reads` records what got through. */
function customerApp(auth: TokenVerifier | null = verifier) {
  const reads: string[] = [];
  const openapi = new OpenApiRegistry({ title: 'test', version: '1' });
  const http = createHttpApp({
    logger: memoryLogger('silent').logger,
    readiness: new Readiness(),
    openapi,
    adminToken,
    ...(auth === null ? {} : { auth }),
    routes: (router) => {
      mountRoute(
        router,
        openapi,
        {
          method: 'post',
          path: '/carts/:owner',
          summary: "a customer's own route",
          roles: ['customer'],
          params: z.strictObject({ owner: z.string().max(20) }),
          body: z.strictObject({ item: z.string().max(20) }),
          responses: { 200: z.object({ subject: z.string() }) },
        },
        ({ params }, req, res) => {
          const caller = callerOf(req);
          requireOwner(caller, params.owner);
          reads.push(caller.subject);
          res.json({ subject: caller.subject });
        },
      );
      mountDevelopmentTokenRoute(router, openapi);
    },
  });
  return { http, reads, openapi };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('customer routes', () => {
  it('without a bearer token: 401 AUTH_REQUIRED with a Bearer challenge, before the body is read', async () => {
    const { http, reads } = customerApp();
    const headers: Record<string, string>[] = [
      {},
      { authorization: '' },
      { authorization: 'Basic YWxpY2U6c2VjcmV0' },
      { authorization: 'Bearer' },
      { authorization: 'Bearer not-a-jwt' },
      { authorization: 'Bearer a.b.c d.e.f' },
      { 'x-admin-token': adminToken },
    ];
    for (const header of headers) {
      const res = await request(http)
        .post('/carts/alice')
        .set(header)
        .send({ item: 'x'.repeat(50) })
        .expect(401);
      expect(res.body.error.code).toBe('AUTH_REQUIRED');
      expect(res.headers['www-authenticate']).toBe('Bearer realm="lockstep"');
    }
    expect(reads).toEqual([]);
  });

  it('a token that does not verify: 401 AUTH_INVALID, invalid_token in the challenge', async () => {
    const { http, reads } = customerApp();
    const tokens = [
      await mintDevelopmentToken({ subject: 'alice', role: 'customer', ttlSeconds: -60 }),
      await mintDevelopmentToken({ subject: 'alice', role: 'customer', issuer: 'elsewhere' }),
      await mintDevelopmentToken({ subject: 'alice', role: 'customer', audience: 'elsewhere' }),
    ];
    for (const token of tokens) {
      const res = await request(http).post('/carts/alice').set(bearer(token)).send({ item: 'a' });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('AUTH_INVALID');
      expect(res.headers['www-authenticate']).toBe(
        'Bearer realm="lockstep", error="invalid_token"',
      );
    }
    expect(reads).toEqual([]);
  });

  it("a valid token of another role, or for someone else's resource: 403 FORBIDDEN", async () => {
    const { http, reads } = customerApp();
    const partner = await mintDevelopmentToken({ subject: 'alice', role: 'partner' });
    const bob = await mintDevelopmentToken({ subject: 'bob', role: 'customer' });
    for (const token of [partner, bob]) {
      const res = await request(http).post('/carts/alice').set(bearer(token)).send({ item: 'a' });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
    expect(reads).toEqual([]);
  });

  it("the owner's token runs the route, validated as usual, and the handler sees the caller", async () => {
    const { http, reads } = customerApp();
    const alice = bearer(await mintDevelopmentToken({ subject: 'alice', role: 'customer' }));
    const ok = await request(http).post('/carts/alice').set(alice).send({ item: 'a' });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ subject: 'alice' });
    const invalid = await request(http).post('/carts/alice').set(alice).send({ item: 7 });
    expect(invalid.body.error.code).toBe('VALIDATION_FAILED');
    expect(reads).toEqual(['alice']);
  });

  it('an app without a verifier refuses every bearer token (fail closed)', async () => {
    const { http } = customerApp(null);
    const token = await mintDevelopmentToken({ subject: 'alice', role: 'customer' });
    const res = await request(http).post('/carts/alice').set(bearer(token)).send({ item: 'a' });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('AUTH_INVALID');
  });

  it('the OpenAPI document marks customer routes with the bearer scheme and their 401 and 403', () => {
    const { openapi } = customerApp();
    const document = openapi.document() as {
      paths: Record<string, Record<string, { security?: unknown; responses: object }>>;
      components: { securitySchemes: Record<string, unknown> };
    };
    const route = document.paths['/carts/{owner}']?.post;
    expect(route?.security).toEqual([{ bearerToken: [] }]);
    expect(Object.keys(route?.responses ?? {})).toEqual(expect.arrayContaining(['401', '403']));
    expect(document.components.securitySchemes).toHaveProperty('bearerToken');
  });
});

describe('the development issuer route', () => {
  it('needs the admin token, and mints a token the app accepts for that subject only', async () => {
    const { http } = customerApp();
    const body = { subject: 'carol', role: 'customer' };
    const refused = await request(http).post('/dev/tokens').send(body);
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('ADMIN_TOKEN_REQUIRED');
    const minted = await request(http)
      .post('/dev/tokens')
      .set('x-admin-token', adminToken)
      .send({ ...body, ttlSeconds: 60 })
      .expect(201);
    const carol = bearer(minted.body.token);
    await request(http).post('/carts/carol').set(carol).send({ item: 'a' }).expect(200);
    await request(http).post('/carts/alice').set(carol).send({ item: 'a' }).expect(403);
  });
});
