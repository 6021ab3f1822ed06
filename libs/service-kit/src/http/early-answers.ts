import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { errorBody, retryAfterHeader } from './error-middleware.js';
import { malformedJsonError, setPreReadBody } from './pre-read-body.js';
import { pathOf, requestIdFor } from './request-logging.js';

/**
 * An error answer given without Express. Any {@link AppError} fits; so does a plain object,
 * which spares the hot path an Error's stack capture.
 */
export interface EarlyErrorAnswer {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly details?: unknown;
  readonly retryAfterSeconds?: number | undefined;
}

/** A JSON POST route some of whose requests can be refused from memory alone. */
export interface EarlyAnswerRoute {
  /** Exact path, query string ignored. */
  readonly path: string;
  /**
   * Looks at the parsed, not yet validated body (`unknown`: check every field it reads) and
   * the request's headers, and returns the refusal, or undefined to hand the request to the
   * app as usual. Synchronous and cheap: it runs before any logging, parsing middleware,
   * authentication or validation.
   */
  answer(body: unknown, req: IncomingMessage): EarlyErrorAnswer | undefined;
}

/** Options for {@link withEarlyAnswers}. */
export interface EarlyAnswerOptions {
  /** Early answers are logged here at debug, one line each (the app logs everything else). */
  logger: Logger;
  /** Bodies declared larger than this go to the app unread; default 16 KiB. */
  maxBodyBytes?: number;
}

// Only plain UTF-8 JSON is read ahead; every other content type, charset or encoding goes to
// the app's body parser, which knows how to refuse it.
const plainJson = /^application\/json\s*(?:;\s*charset="?utf-8"?\s*)?$/i;

/**
 * Puts a gate in front of an HTTP app: a POST to one of `routes` with a small JSON body is
 * read and parsed here, and if the route's `answer` refuses it, the refusal is written
 * straight to the socket in the kit's error format. That skips Express, request logging,
 * the body parser and schema validation, which together cost several times what Node's
 * HTTP server itself does: it is for answers given to a flood of requests from memory (a
 * sold-out flash sale), where that cost is the whole latency. Everything else reaches the
 * app unchanged: the body already read is handed over (see `usePreReadBody`), and a body
 * that does not parse gets the app's usual 400.
 */
export function withEarlyAnswers(
  app: RequestListener,
  routes: readonly EarlyAnswerRoute[],
  options: EarlyAnswerOptions,
): RequestListener {
  const byPath = new Map(routes.map((route) => [route.path, route]));
  const maxBodyBytes = options.maxBodyBytes ?? 16 * 1024;
  const log = options.logger.child({ component: 'http' });
  return (req, res) => {
    const route = req.method === 'POST' ? byPath.get(pathOf(req)) : undefined;
    if (route === undefined || !readableAhead(req, maxBodyBytes)) return app(req, res);
    readBody(req, (text) => {
      const body = parseStrictJson(text);
      const refusal = 'error' in body ? undefined : answerSafely(route, body.value, req, log);
      if (refusal === undefined) {
        setPreReadBody(req, body);
        return app(req, res);
      }
      const requestId = requestIdFor(req, res);
      writeError(res, refusal);
      log.debug(
        { reqId: requestId, status: refusal.status, code: refusal.code },
        `POST ${route.path} ${refusal.status} answered early`,
      );
    });
  };
}

// A bug in `answer` must not take the process down from inside a stream callback: the
// request then goes to the app, which answers it the slow way.
function answerSafely(
  route: EarlyAnswerRoute,
  body: unknown,
  req: IncomingMessage,
  log: Logger,
): EarlyErrorAnswer | undefined {
  try {
    return route.answer(body, req);
  } catch (error) {
    log.error({ err: error, path: route.path }, 'early answer failed; the app answers instead');
    return undefined;
  }
}

function readableAhead(req: IncomingMessage, maxBodyBytes: number): boolean {
  const length = Number(req.headers['content-length']);
  return (
    Number.isInteger(length) &&
    length > 0 &&
    length <= maxBodyBytes &&
    req.headers['content-encoding'] === undefined &&
    plainJson.test(req.headers['content-type'] ?? '')
  );
}

// A client that goes away mid-body never gets `end`: its response closes with the socket and
// nothing else is owed to it.
function readBody(req: IncomingMessage, done: (text: string) => void): void {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.once('end', () => done(Buffer.concat(chunks).toString('utf8')));
}

function parseStrictJson(text: string): { value: unknown } | { error: Error } {
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') return { error: malformedJsonError(undefined) };
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return { error: malformedJsonError(error) };
  }
}

function writeError(res: ServerResponse, answer: EarlyErrorAnswer): void {
  const json = JSON.stringify(errorBody(answer.code, answer.message, answer.details));
  res.statusCode = answer.status;
  if (answer.retryAfterSeconds !== undefined) {
    res.setHeader('retry-after', retryAfterHeader(answer.retryAfterSeconds));
  }
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(json));
  res.end(json);
}
