import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { memoryLogger } from '../../test/support/memory-logger.ts';
import { ConflictError } from '../errors/index.js';
import { Readiness } from '../lifecycle/readiness.js';
import { createHttpApp } from './create-http-app.js';
import { withEarlyAnswers } from './early-answers.js';
import { validate } from './validate.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))),
  );
});

/**
 * A real HTTP server: the kit's app behind the gate. POST /orders is refused early for sku
 * GONE; the route itself validates and echoes, and counts the requests that reached it.
 */
async function serve(maxBodyBytes?: number) {
  const { logger, lines } = memoryLogger('debug');
  const seenByGate: unknown[] = [];
  const seenByRoute: unknown[] = [];
  const order = z.strictObject({ sku: z.string(), quantity: z.number().int().positive() });
  const app = createHttpApp({
    logger,
    readiness: new Readiness(),
    routes: (router) => {
      router.post(
        '/orders',
        validate({ body: order }, ({ body }, _req, res) => {
          seenByRoute.push(body);
          res.status(201).json(body);
        }),
      );
    },
  });
  const gated = withEarlyAnswers(
    app,
    [
      {
        path: '/orders',
        answer: (body) => {
          seenByGate.push(body);
          const sku = (body as { sku?: unknown }).sku;
          if (sku === 'GONE') return { status: 409, code: 'SOLD_OUT', message: 'GONE is sold out' };
          if (sku === 'BUSY') return new ConflictError('BUSY is busy', { retryAfterSeconds: 1.5 });
          if (sku === 'BUG') throw new TypeError('answer has a bug');
          return undefined;
        },
      },
    ],
    { logger, ...(maxBodyBytes === undefined ? {} : { maxBodyBytes }) },
  );
  const server = createServer(gated);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const post = (body: string, headers: Record<string, string> = {}, path = '/orders') =>
    fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
  return { post, lines, seenByGate, seenByRoute };
}

async function errorOf(res: Response): Promise<{ code: string; message: string }> {
  return ((await res.json()) as { error: { code: string; message: string } }).error;
}

describe('withEarlyAnswers', () => {
  it('a refused body is answered in the error format by the gate, before logging, parsing and validation', async () => {
    const { post, lines, seenByRoute } = await serve();
    // Invalid for the route (quantity missing, extra field): the gate answers anyway.
    const res = await post(JSON.stringify({ sku: 'GONE', note: 'x' }), { 'x-request-id': 'r-1' });
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('x-request-id')).toBe('r-1');
    expect(await res.json()).toEqual({ error: { code: 'SOLD_OUT', message: 'GONE is sold out' } });
    expect(seenByRoute).toEqual([]);
    const http = lines.filter((line) => line.component === 'http');
    expect(http.map((line) => [line.level, line.msg, line.reqId])).toEqual([
      ['debug', 'POST /orders 409 answered early', 'r-1'],
    ]);
  });

  it('an AppError refusal keeps its Retry-After and details', async () => {
    const { post } = await serve();
    const res = await post(JSON.stringify({ sku: 'BUSY', quantity: 1 }));
    expect(res.status).toBe(409);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await errorOf(res)).toEqual({ code: 'CONFLICT', message: 'BUSY is busy' });
  });

  it('a body the gate lets through reaches the route already parsed, unchanged, and is logged as usual', async () => {
    const { post, lines, seenByGate, seenByRoute } = await serve();
    const res = await post(JSON.stringify({ sku: 'IN-STOCK', quantity: 2 }));
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ sku: 'IN-STOCK', quantity: 2 });
    expect(seenByGate).toEqual([{ sku: 'IN-STOCK', quantity: 2 }]);
    expect(seenByRoute).toEqual([{ sku: 'IN-STOCK', quantity: 2 }]);
    expect(lines.some((line) => /^POST \/orders 201 \d+ms$/.test(String(line.msg)))).toBe(true);
  });

  it('an answer that throws is logged, and the app serves the request', async () => {
    const { post, lines, seenByRoute } = await serve();
    const res = await post(JSON.stringify({ sku: 'BUG', quantity: 1 }));
    expect(res.status).toBe(201);
    expect(seenByRoute).toEqual([{ sku: 'BUG', quantity: 1 }]);
    const logged = lines.find(
      (line) => line.msg === 'early answer failed; the app answers instead',
    );
    expect(logged?.level).toBe('error');
  });

  it('a body let through still gets the route validation: 400 VALIDATION_FAILED', async () => {
    const { post, seenByRoute } = await serve();
    const res = await post(JSON.stringify({ sku: 'IN-STOCK', quantity: -1 }));
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe('VALIDATION_FAILED');
    expect(seenByRoute).toEqual([]);
  });

  it.each([
    ['text that is not JSON', '{"sku": '],
    ['JSON whose top level is not an object or array (the parser is strict)', '"GONE"'],
  ])(
    '%s gets the app parser answer, 400 MALFORMED_JSON, and never reaches the gate',
    async (_name, body) => {
      const { post, seenByGate, seenByRoute } = await serve();
      const res = await post(body);
      expect(res.status).toBe(400);
      expect((await errorOf(res)).code).toBe('MALFORMED_JSON');
      expect(seenByGate).toEqual([]);
      expect(seenByRoute).toEqual([]);
    },
  );

  it.each([
    ['another content type', { 'content-type': 'text/plain' }, 415],
    ['another charset', { 'content-type': 'application/json; charset=latin1' }, 415],
    ['a compressed body', { 'content-encoding': 'gzip' }, 400],
  ])('a request with %s goes to the app unread', async (_name, headers, status) => {
    const { post, seenByGate } = await serve();
    const res = await post(JSON.stringify({ sku: 'GONE', quantity: 1 }), headers);
    expect(res.status).toBe(status);
    expect(seenByGate).toEqual([]);
  });

  it('a body over the gate limit goes to the app unread, and the app still serves it', async () => {
    const { post, seenByGate, seenByRoute } = await serve(16);
    const res = await post(JSON.stringify({ sku: 'IN-STOCK', quantity: 1 }));
    expect(res.status).toBe(201);
    expect(seenByGate).toEqual([]);
    expect(seenByRoute).toHaveLength(1);
  });

  it('other paths and methods go to the app unread', async () => {
    const { post, seenByGate } = await serve();
    const res = await post(JSON.stringify({ sku: 'GONE' }), {}, '/orders/x');
    expect(res.status).toBe(404);
    expect(seenByGate).toEqual([]);
  });
});
