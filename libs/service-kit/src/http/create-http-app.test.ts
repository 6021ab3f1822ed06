import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { memoryLogger } from '../../test/support/memory-logger.ts';
import {
  ConflictError,
  ErrorCode,
  NotFoundError,
  TooManyRequestsError,
  UnavailableError,
} from '../errors/index.js';
import { Readiness } from '../lifecycle/readiness.js';
import { createHttpApp } from './create-http-app.js';
import { validate } from './validate.js';

function app(options: { readiness?: Readiness } = {}) {
  const { logger, lines } = memoryLogger();
  const readiness = options.readiness ?? new Readiness();
  const http = createHttpApp({
    logger,
    readiness,
    routes: (router) => {
      router.get('/orders/:id', async (req) => {
        throw new NotFoundError(`order ${req.params.id} does not exist`);
      });
      router.post('/orders', async () => {
        throw new ConflictError('sku SKU-1 is sold out', { code: 'SOLD_OUT' });
      });
      router.post('/flash', async () => {
        throw new TooManyRequestsError('too contended, retry shortly', 2.2);
      });
      router.get('/down', async () => {
        throw new UnavailableError('lock backend unreachable', { retryAfterSeconds: 1 });
      });
      router.get('/bug', async () => {
        throw new TypeError("Cannot read properties of undefined (reading 'secretColumn')");
      });
      router.get('/sync-bug', () => {
        throw new Error('thrown synchronously');
      });
      router.post(
        '/echo',
        validate({ body: z.strictObject({ note: z.string() }) }, ({ body }, _req, res) => {
          res.json(body);
        }),
      );
    },
  });
  return { http, lines, readiness };
}

describe('createHttpApp: error mapping', () => {
  it('an unknown route gets a JSON 404 with code NOT_FOUND', async () => {
    const res = await request(app().http).get('/nope').expect(404);
    expect(res.body).toEqual({ error: { code: 'NOT_FOUND', message: 'no route for GET /nope' } });
  });

  it('a NotFoundError thrown by an async handler becomes 404 with its message', async () => {
    const res = await request(app().http).get('/orders/o-42').expect(404);
    expect(res.body.error).toEqual({ code: 'NOT_FOUND', message: 'order o-42 does not exist' });
  });

  it('a ConflictError becomes 409 with the service-specific code', async () => {
    const res = await request(app().http).post('/orders').expect(409);
    expect(res.body.error.code).toBe('SOLD_OUT');
  });

  it('a TooManyRequestsError becomes 429 with Retry-After rounded up to whole seconds', async () => {
    const res = await request(app().http).post('/flash').expect(429);
    expect(res.body.error.code).toBe(ErrorCode.TooManyRequests);
    expect(res.headers['retry-after']).toBe('3');
  });

  it('an UnavailableError becomes 503 with Retry-After', async () => {
    const res = await request(app().http).get('/down').expect(503);
    expect(res.body.error.code).toBe(ErrorCode.Unavailable);
    expect(res.headers['retry-after']).toBe('1');
  });

  it('malformed JSON is a 400 MALFORMED_JSON, not a 500', async () => {
    const res = await request(app().http)
      .post('/echo')
      .set('content-type', 'application/json')
      .send('{"note": "unterminated')
      .expect(400);
    expect(res.body.error.code).toBe(ErrorCode.MalformedJson);
  });

  it('a body that claims gzip but does not inflate is a 400 BAD_REQUEST, not a 500', async () => {
    const res = await request(app().http)
      .post('/echo')
      .set('content-type', 'application/json')
      .set('content-encoding', 'gzip')
      .send('{"note": "not compressed"}')
      .expect(400);
    expect(res.body.error).toEqual({
      code: ErrorCode.BadRequest,
      message: 'request body could not be read',
    });
  });

  it('a body over the 64kb limit is a 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await request(app().http)
      .post('/echo')
      .send({ note: 'x'.repeat(70 * 1024) })
      .expect(413);
    expect(res.body.error.code).toBe(ErrorCode.PayloadTooLarge);
  });

  it('a non-JSON body on a route with a body schema is a 415', async () => {
    const res = await request(app().http)
      .post('/echo')
      .set('content-type', 'text/plain')
      .send('note=hi')
      .expect(415);
    expect(res.body.error.code).toBe(ErrorCode.UnsupportedMediaType);
  });

  it.each(['/bug', '/sync-bug'])(
    'an unexpected throw (%s) is a bare 500 INTERNAL, logged with its stack but never sent',
    async (path) => {
      const { http, lines } = app();
      const res = await request(http).get(path).expect(500);
      expect(res.body).toEqual({ error: { code: 'INTERNAL', message: 'internal error' } });
      expect(res.text).not.toMatch(/secretColumn|synchronously|at .*\.ts/);
      const logged = lines.find((line) => line.msg === 'unhandled error');
      expect(logged?.level).toBe('error');
      const loggedError = logged?.err as { stack?: string } | undefined;
      expect(loggedError?.stack).toMatch(/Error/);
    },
  );
});

describe('createHttpApp: probes and logging', () => {
  it('/healthz answers 200 whatever readiness says', async () => {
    await request(app().http).get('/healthz').expect(200, { status: 'ok' });
  });

  it('/readyz is 503 while starting, 200 once serving, 503 while a probe fails and while draining', async () => {
    const readiness = new Readiness({ defaultTimeoutMs: 100 });
    let dbUp = true;
    readiness.add('postgres', () => {
      if (!dbUp) throw new Error('connect ECONNREFUSED');
    });
    readiness.add('kafka', () => new Promise(() => undefined), { timeoutMs: 50 });
    const { http } = app({ readiness });
    await request(http).get('/readyz').expect(503);

    readiness.markServing();
    const timedOut = await request(http).get('/readyz').expect(503);
    expect(timedOut.body.failing).toEqual(['kafka']);
    expect(timedOut.body.checks.kafka.error).toBe('timed out after 50 ms');

    readiness.add('kafka', () => true);
    const ready = await request(http).get('/readyz').expect(200);
    expect(ready.body).toMatchObject({ status: 'ready', failing: [] });

    dbUp = false;
    const failing = await request(http).get('/readyz').expect(503);
    expect(failing.body.failing).toEqual(['postgres']);
    expect(failing.body.checks.postgres).toMatchObject({
      ok: false,
      error: 'connect ECONNREFUSED',
    });

    dbUp = true;
    readiness.markDraining();
    const draining = await request(http).get('/readyz').expect(503);
    expect(draining.body).toMatchObject({ status: 'not_ready', phase: 'draining' });
  });

  it('requests are logged with a request id, probes are not, and authorization is redacted', async () => {
    const { http, lines } = app();
    await request(http).get('/healthz').set('authorization', 'Bearer secret-token');
    await request(http)
      .get('/nope')
      .set('authorization', 'Bearer secret-token')
      .set('x-request-id', 'req-123');
    const requestLines = lines.filter((line) => line.component === 'http');
    expect(requestLines).toHaveLength(1);
    expect(requestLines[0]).toMatchObject({
      service: 'kit-test',
      instance: 'test-1',
      reqId: 'req-123',
    });
    expect(JSON.stringify(lines)).not.toContain('secret-token');
  });
});

describe('createHttpApp: /metrics', () => {
  const exposition = '# TYPE scrape_probe counter\nscrape_probe_total 1\n';
  function metricsApp() {
    const { logger, lines } = memoryLogger();
    const http = createHttpApp({
      logger,
      readiness: new Readiness(),
      routes: () => {},
      metrics: (_req, res) => {
        res.setHeader('content-type', 'text/plain; version=0.0.4');
        res.end(exposition);
      },
    });
    return { http, lines };
  }

  it('serves the given handler on GET /metrics, before the body parser, and does not log scrapes at info', async () => {
    const { http, lines } = metricsApp();
    const res = await request(http).get('/metrics').expect(200);
    expect(res.text).toBe(exposition);
    // A body the JSON parser would reject with 400 never reaches it on /metrics.
    await request(http)
      .get('/metrics')
      .set('content-type', 'application/json')
      .send('{not json')
      .expect(200);
    expect(lines.filter((line) => line.component === 'http')).toEqual([]);
  });

  it('without a handler, /metrics is an ordinary 404', async () => {
    await request(app().http).get('/metrics').expect(404);
  });
});
