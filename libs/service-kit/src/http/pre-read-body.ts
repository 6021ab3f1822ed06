import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';

/** A JSON body read before Express saw the request: its value, or why it could not be parsed. */
export type PreReadBody = { readonly value: unknown } | { readonly error: Error };

// Keyed by the request object, so nothing is added to Node's request and nothing outlives it.
const preReadBodies = new WeakMap<IncomingMessage, PreReadBody>();

/** Records a body that was read off the socket before the request was handed to the app. */
export function setPreReadBody(req: IncomingMessage, body: PreReadBody): void {
  preReadBodies.set(req, body);
}

/**
 * Mounted just before the JSON body parser: a body read ahead of Express (see
 * {@link withEarlyAnswers}) becomes `req.body`, or its parse failure goes to the error
 * middleware like the parser's own would. The stream is already consumed, so body-parser
 * then sees a finished request and leaves `req.body` alone.
 */
export function usePreReadBody(): RequestHandler {
  // Named: traces show Express middleware by function name.
  return function preReadBody(req, _res, next) {
    const body = preReadBodies.get(req);
    if (body === undefined) return next();
    preReadBodies.delete(req);
    if ('error' in body) return next(body.error);
    req.body = body.value;
    next();
  };
}

/**
 * The error body-parser raises for text that is not JSON (or, strict as the app's parser is,
 * JSON whose top level is neither an object nor an array): same `type`, same 400 answer.
 */
export function malformedJsonError(cause: unknown): Error {
  return Object.assign(new SyntaxError('request body is not valid JSON', { cause }), {
    type: 'entity.parse.failed',
    status: 400,
  });
}
