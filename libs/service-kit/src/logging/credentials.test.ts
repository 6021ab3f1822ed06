import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../../test/support/memory-logger.ts';
import { createHttpApp } from '../http/create-http-app.js';
import { Readiness } from '../lifecycle/readiness.js';
import {
  credentialHeaders,
  credentialQueryParameters,
  redactedValue,
  redactUrl,
} from './credentials.js';

/**
 * Names that must stay redacted whatever the list in credentials.ts becomes: a name dropped
 * from it must fail here, not silently leave these tests.
 */
const requiredHeaders = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'x-auth-token',
  'x-admin-token',
];
const requiredQueryParameters = ['access_token', 'token', 'api_key', 'password'];
const headers = [...new Set([...requiredHeaders, ...credentialHeaders])];
const queryParameters = [...new Set([...requiredQueryParameters, ...credentialQueryParameters])];

/** A secret value unique to one header or parameter, so a leak names its source. */
const secretFor = (name: string) => `s3cret-${name.replace(/[^a-z0-9]/gi, '')}-value`;

/** An app that answers 200 (setting credential response headers), 404 or 500, logging at debug. */
function loggingApp() {
  const { logger, lines } = memoryLogger('debug');
  const http = createHttpApp({
    logger,
    readiness: new Readiness(),
    routes: (router) => {
      router.get('/ok', (req, res) => {
        // A handler that logs the headers it got must not leak them either.
        req.log.info({ headers: req.headers }, 'handler saw headers');
        res.setHeader('set-cookie', [`sid=${secretFor('set-cookie')}`]);
        res.setHeader('x-auth-token', secretFor('x-auth-token'));
        res.json({ ok: true });
      });
      router.get('/bug', () => {
        throw new Error('unexpected');
      });
    },
  });
  return { http, lines };
}

/** Every credential query parameter with its secret, some in upper case, plus `page=2`. */
function credentialQuery(): string {
  const pairs = queryParameters.map(
    (name, index) =>
      `${index % 2 === 0 ? name : name.toUpperCase()}=${encodeURIComponent(secretFor(name))}`,
  );
  return `?page=2&${pairs.join('&')}`;
}

describe('credentials in logs', () => {
  for (const path of ['/ok', '/nope', '/bug']) {
    it(`every credential header and query parameter sent to ${path} is redacted in every log line`, async () => {
      const { http, lines } = loggingApp();
      let call = request(http).get(`${path}${credentialQuery()}`);
      for (const header of headers) call = call.set(header, secretFor(header));
      await call;

      const logged = JSON.stringify(lines);
      expect(lines.length).toBeGreaterThan(0);
      for (const name of [...headers, ...queryParameters]) {
        expect({ name, leaked: logged.includes(secretFor(name)) }).toEqual({
          name,
          leaked: false,
        });
      }
      // The lines still carry what is not a credential: the path and the other parameters.
      expect(logged).toContain(`${path}?page=2&`);
      expect(logged).toContain(redactedValue);
    });
  }

  it('the completion line keeps non-credential headers and shows each credential header as redacted', async () => {
    const { http, lines } = loggingApp();
    await request(http)
      .get('/ok?token=abc&q=shirts')
      .set('x-api-key', 'k-1')
      .set('accept', 'application/json');
    const completion = lines.find((line) => line.res !== undefined) as {
      req: { url: string; query: Record<string, string>; headers: Record<string, string> };
      res: { headers: Record<string, unknown> };
    };
    expect(completion.req.url).toBe(`/ok?token=${redactedValue}&q=shirts`);
    expect(completion.req.query).toEqual({ token: redactedValue, q: 'shirts' });
    expect(completion.req.headers).toMatchObject({
      'x-api-key': redactedValue,
      accept: 'application/json',
    });
    expect(completion.res.headers).toMatchObject({
      'set-cookie': redactedValue,
      'x-auth-token': redactedValue,
    });
  });
});

describe('redactUrl', () => {
  it('redacts credential values by name, whatever the case or encoding, and keeps the rest', () => {
    expect(redactUrl('/a')).toBe('/a');
    expect(redactUrl('/a?x=1&Access_Token=t&api%5Fkey=k&flag#frag')).toBe(
      `/a?x=1&Access_Token=${redactedValue}&api%5Fkey=${redactedValue}&flag#frag`,
    );
    expect(redactUrl('/a?password')).toBe(`/a?password=${redactedValue}`);
  });

  it('a parameter name that cannot be decoded is redacted, since it cannot be checked', () => {
    expect(redactUrl('/a?%E0%A4=v&ok=1')).toBe(`/a?%E0%A4=${redactedValue}&ok=1`);
  });
});
