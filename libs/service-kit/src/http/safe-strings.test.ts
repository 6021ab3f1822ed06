import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { memoryLogger } from '../../test/support/memory-logger.ts';
import { Readiness } from '../lifecycle/readiness.js';
import { mountRoute } from '../openapi/define-route.js';
import { OpenApiRegistry } from '../openapi/openapi-registry.js';
import { unboundedRequestStrings } from '../openapi/unbounded-request-strings.js';
import { createHttpApp } from './create-http-app.js';
import { identifier, text } from './safe-strings.js';

/** An app with one route whose schemas are loose on purpose: the kit's guard must still hold. */
function looseApp() {
  const writes: unknown[] = [];
  const openapi = new OpenApiRegistry({ title: 'test', version: '1' });
  const http = createHttpApp({
    logger: memoryLogger('silent').logger,
    readiness: new Readiness(),
    openapi,
    routes: (router) => {
      mountRoute(
        router,
        openapi,
        {
          method: 'post',
          path: '/notes/:noteId',
          summary: 'write a note',
          params: z.object({ noteId: z.string() }),
          query: z.object({ tag: z.string().optional() }),
          body: z.object({ text: z.string(), extra: z.unknown().optional() }),
          responses: { 201: z.object({}) },
        },
        ({ body, params, query }, _req, res) => {
          writes.push({ ...body, ...params, ...query });
          res.status(201).json({});
        },
      );
    },
  });
  return { http, writes };
}

async function refused(path: string, body: unknown) {
  const { http, writes } = looseApp();
  const res = await request(http)
    .post(path)
    .send(body as object)
    .expect(400);
  expect(res.body.error.code).toBe('VALIDATION_FAILED');
  expect(writes).toEqual([]);
  return res.body.error.details.map((d: { in: string; field: string }) => `${d.in}:${d.field}`);
}

describe('unsafe characters in requests', () => {
  it('a NUL in a body string the schema accepts is a 400 naming the field; the handler never runs', async () => {
    expect(await refused('/notes/n1', { text: 'a\u0000b' })).toEqual(['body:text']);
  });

  it('other C0 controls, DEL, C1 controls and unpaired surrogates are refused too', async () => {
    for (const bad of ['\u0001', '\u001b[31m', '\u007f', '\u0085', '\ud800', 'x\udc00']) {
      expect(await refused('/notes/n1', { text: bad })).toEqual(['body:text']);
    }
  });

  it('tab and line breaks pass the guard (free text may take them); emoji pass', async () => {
    const { http, writes } = looseApp();
    await request(http).post('/notes/n1').send({ text: 'a\tb\r\nc 😀' }).expect(201);
    expect(writes).toHaveLength(1);
  });

  it('a NUL in a path parameter, a query value, a nested value or a field name is refused', async () => {
    expect(await refused('/notes/a%00b', { text: 'ok' })).toEqual(['params:noteId']);
    expect(await refused('/notes/n1?tag=%01', { text: 'ok' })).toEqual(['query:tag']);
    expect(
      await refused('/notes/n1', { text: 'ok', extra: { list: ['fine', 'b\u0000'] } }),
    ).toEqual(['body:extra.list.1']);
    expect(await refused('/notes/n1', { text: 'ok', extra: { 'k\u0000': 1 } })).toEqual([
      'body:extra',
    ]);
  });

  it('a very deeply nested body is walked without exhausting the stack', async () => {
    const depth = 20_000;
    const deep = `${'['.repeat(depth)}"a\\u0000"${']'.repeat(depth)}`;
    const { http } = looseApp();
    const res = await request(http)
      .post('/notes/n1')
      .set('content-type', 'application/json')
      .send(`{"text":"ok","extra":${deep}}`);
    expect(res.status).toBe(400);
  });
});

describe('identifier and text', () => {
  it('identifier refuses every control character, tab and line breaks included, and bounds length', () => {
    const id = identifier({ max: 10 });
    expect(id.safeParse('order-1').success).toBe(true);
    for (const bad of ['', 'a\tb', 'a\nb', 'a\u0000', 'x'.repeat(11)]) {
      expect(id.safeParse(bad).success).toBe(false);
    }
  });

  it('identifier with a pattern must match both', () => {
    const sku = identifier({ max: 8, pattern: /^[A-Z-]+$/, patternMessage: 'upper case' });
    expect(sku.safeParse('RED-M').success).toBe(true);
    const result = sku.safeParse('red');
    expect(result.error?.issues.map((i) => i.message)).toEqual(['upper case']);
  });

  it('text is trimmed and one line unless multiline', () => {
    expect(text({ max: 5 }).parse('  hi  ')).toBe('hi');
    expect(text({ max: 5 }).safeParse('a\nb').success).toBe(false);
    expect(text({ max: 5, multiline: true }).parse('a\nb')).toBe('a\nb');
    expect(text({ max: 5, multiline: true }).safeParse('a\u0007').success).toBe(false);
    expect(text({ max: 5 }).safeParse('toolong').success).toBe(false);
  });
});

describe('unboundedRequestStrings', () => {
  it('names every request string without a length bound, and only those', () => {
    const openapi = new OpenApiRegistry({ title: 'test', version: '1' });
    openapi.route({
      method: 'post',
      path: '/things/:thingId',
      summary: 'bounded and not',
      params: z.object({ thingId: z.string() }),
      query: z.object({ mode: z.enum(['a', 'b']), note: z.string().optional() }),
      body: z.object({
        name: text({ max: 20 }),
        id: identifier({ pattern: /^[a-z]+$/ }),
        at: z.iso.datetime(),
        tags: z.array(z.string()),
        nested: z.object({ label: z.string().max(3), free: z.string() }),
      }),
      responses: { 200: z.object({ unbounded: z.string() }) },
    });
    expect(unboundedRequestStrings(openapi.document()).sort()).toEqual([
      'POST /things/{thingId} body.nested.free',
      'POST /things/{thingId} body.tags[]',
      'POST /things/{thingId} path.thingId',
      'POST /things/{thingId} query.note',
    ]);
  });
});
