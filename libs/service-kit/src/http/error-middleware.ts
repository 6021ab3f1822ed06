import type { ErrorRequestHandler, Request, Response } from 'express';
import type { Logger } from 'pino';
import { AppError, ErrorCode } from '../errors/app-error.js';
import { redactUrl } from '../logging/credentials.js';

/** The JSON every error response carries. */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/**
 * body-parser signals its failures with a `type`; each maps to a status and a stable code.
 * They are the client's fault, so they must never surface as 500.
 */
const bodyParserErrors: Record<string, { status: number; code: string; message: string }> = {
  'entity.parse.failed': {
    status: 400,
    code: ErrorCode.MalformedJson,
    message: 'request body is not valid JSON',
  },
  'entity.too.large': {
    status: 413,
    code: ErrorCode.PayloadTooLarge,
    message: 'request body is too large',
  },
  'parameters.too.many': {
    status: 413,
    code: ErrorCode.PayloadTooLarge,
    message: 'request has too many parameters',
  },
  'encoding.unsupported': {
    status: 415,
    code: ErrorCode.UnsupportedMediaType,
    message: 'request body encoding is not supported',
  },
  'charset.unsupported': {
    status: 415,
    code: ErrorCode.UnsupportedMediaType,
    message: 'request body charset is not supported',
  },
  'request.aborted': { status: 400, code: ErrorCode.BadRequest, message: 'request was aborted' },
  'request.size.invalid': {
    status: 400,
    code: ErrorCode.BadRequest,
    message: 'request body size does not match Content-Length',
  },
};

/**
 * The one place errors become HTTP responses. AppErrors become their status and code;
 * body-parser failures become 400/413/415; anything else is a fault: logged with its stack,
 * answered with a bare 500 INTERNAL so internals never leak to clients.
 */
export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  const log = logger.child({ component: 'http' });
  return (error: unknown, req, res, next) => {
    // Headers already out: the response cannot be replaced, so let Express cut the
    // connection, which is the only honest signal left to the client.
    if (res.headersSent) return next(error);
    const requestLog: Logger = (req as { log?: Logger }).log ?? log;
    if (error instanceof AppError) {
      if (error.status >= 500)
        requestLog.warn({ err: error }, 'request failed: service unavailable');
      if (error.retryAfterSeconds !== undefined) {
        res.set('retry-after', retryAfterHeader(error.retryAfterSeconds));
      }
      if (error.challenge !== undefined) res.set('www-authenticate', error.challenge);
      return sendError(res, error.status, error.code, error.message, error.details);
    }
    const parserType = (error as { type?: unknown } | null)?.type;
    const parserError = typeof parserType === 'string' ? bodyParserErrors[parserType] : undefined;
    if (parserError) {
      return sendError(res, parserError.status, parserError.code, parserError.message);
    }
    // Other client errors from the HTTP layer (body-parser wraps a body that fails to inflate
    // as a bare 400 with no type): still the client's fault, never a 500.
    const status = (error as { status?: unknown } | null)?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return sendError(res, status, ErrorCode.BadRequest, 'request body could not be read');
    }
    requestLog.error(
      { err: error, method: req.method, url: redactUrl(req.originalUrl) },
      'unhandled error',
    );
    return sendError(res, 500, ErrorCode.Internal, 'internal error');
  };
}

/** Sends the error envelope; `details` only when there are some. */
export function sendError(
  res: Response,
  status: number,
  code: string,
  message: string,
  details?: unknown,
): void {
  res.status(status).json(errorBody(code, message, details));
}

/** `Retry-After` in whole seconds, rounded up, never negative. */
export function retryAfterHeader(seconds: number): string {
  return String(Math.max(0, Math.ceil(seconds)));
}

/** The error envelope; `details` only when there are some. */
export function errorBody(code: string, message: string, details?: unknown): ErrorBody {
  const body: ErrorBody = { error: { code, message } };
  if (details !== undefined) body.error.details = details;
  return body;
}

/** Terminal handler: a request no route matched gets a 404 JSON body, not Express's HTML. */
export function notFoundHandler(req: Request, res: Response): void {
  sendError(res, 404, ErrorCode.NotFound, `no route for ${req.method} ${req.path}`);
}
