import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { redactQuery, redactUrl } from '../logging/credentials.js';

/**
 * Paths probed or scraped every few seconds by orchestrators and Prometheus; logging them at
 * info would drown real traffic, so they are logged at debug.
 */
export const probePaths = new Set(['/healthz', '/readyz', '/metrics']);

// A caller-supplied request id is reused so one id follows a request across services, but
// only if it looks like an id: it is echoed into logs and a response header.
const acceptableRequestId = /^[\w.:-]{1,128}$/;

/**
 * pino-http request logging: one line per completed request with method, url, status and
 * duration, bound to `req.log` (with the request id) for handlers. Probes are not logged;
 * 5xx are errors, everything else info (a 409 "sold out" is business, not a warning).
 */
export function requestLogging(logger: Logger): RequestHandler {
  return pinoHttp({
    logger: logger.child({ component: 'http' }),
    genReqId: requestIdFor,
    // Handler lines through req.log carry just the request id; only the completion line
    // carries the request itself (method, url, headers minus credentials), never the body.
    quietReqLogger: true,
    // Credential query parameters (access_token, api_key, ...) are redacted in the logged URL
    // and query; credential headers are redacted by the logger itself (create-logger.ts).
    serializers: { req: redactRequestUrl },
    customLogLevel: (req, res, error) => {
      if (error !== undefined || res.statusCode >= 500) return 'error';
      return probePaths.has(pathOf(req)) ? 'debug' : 'info';
    },
    customSuccessMessage: (req, res, responseTime) =>
      `${req.method} ${pathOf(req)} ${res.statusCode} ${Math.round(responseTime)}ms`,
    customErrorMessage: (req, res) => `${req.method} ${pathOf(req)} ${res.statusCode} failed`,
  }) as unknown as RequestHandler;
}

/** The serialized request with credential query parameters redacted in `url` and `query`. */
export function redactRequestUrl(req: Record<string, unknown>): Record<string, unknown> {
  const redacted = { ...req };
  if (typeof redacted.url === 'string') redacted.url = redactUrl(redacted.url);
  if ('query' in redacted) redacted.query = redactQuery(redacted.query);
  return redacted;
}

/**
 * The request's id, echoed in the `x-request-id` response header: the caller's, if it looks
 * like an id, else a new UUID.
 */
export function requestIdFor(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers['x-request-id'];
  const id =
    typeof incoming === 'string' && acceptableRequestId.test(incoming) ? incoming : randomUUID();
  res.setHeader('x-request-id', id);
  return id;
}

/** The request's path, without its query string. */
export function pathOf(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
