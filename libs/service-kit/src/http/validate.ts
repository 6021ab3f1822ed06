import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import { AppError, ErrorCode } from '../errors/app-error.js';
import {
  type FieldLocation,
  type FieldProblem,
  ValidationError,
} from '../errors/validation-error.js';
import { unsafeStringProblems } from './safe-strings.js';

/** Zod schemas for the parts of a request a route reads. */
export interface RequestSchemas {
  /** JSON body schema; use `z.strictObject` so unknown fields are refused. */
  body?: z.ZodType;
  /** Path parameters (`/orders/:id`). */
  params?: z.ZodType;
  /** Query string; values arrive as strings, so use `z.coerce` for numbers. */
  query?: z.ZodType;
}

type Parsed<T> = T extends z.ZodType ? z.output<T> : undefined;

/** What a validated handler receives: each part parsed and typed by its schema. */
export interface ValidatedInput<S extends RequestSchemas> {
  /** The parsed body (undefined without a body schema). */
  body: Parsed<S['body']>;
  /** The parsed path parameters. */
  params: Parsed<S['params']>;
  /** The parsed query. */
  query: Parsed<S['query']>;
}

/** A route handler that only ever sees valid input. */
export type ValidatedHandler<S extends RequestSchemas> = (
  input: ValidatedInput<S>,
  req: Request,
  res: Response,
) => unknown;

const locations: FieldLocation[] = ['params', 'query', 'body'];

/**
 * Wraps a handler so it runs only with input that matches `schemas`. Every problem in every
 * part is collected into one ValidationError (400) naming each field, so bad input is
 * refused before anything is read or written. Rejections of `handler` reach the error
 * middleware through Express 5; handlers need no try/catch.
 */
export function validate<S extends RequestSchemas>(
  schemas: S,
  handler: ValidatedHandler<S>,
): RequestHandler {
  return (req, res) => {
    const input = parseRequest(schemas, req);
    return handler(input, req, res);
  };
}

/** Middleware form for a body only: replaces `req.body` with the parsed value, then `next()`. */
export function validateBody(schema: z.ZodType): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    req.body = parseRequest({ body: schema }, req).body;
    next();
  };
}

/**
 * Parses every part with a schema; throws ValidationError listing all problems. First, every
 * string of every part (with a schema or not) is checked for characters no field may carry
 * (NUL and other controls, see safe-strings.ts), so no schema can forget them.
 */
export function parseRequest<S extends RequestSchemas>(
  schemas: S,
  req: Request,
): ValidatedInput<S> {
  if (schemas.body && hasBody(req) && !req.is(['application/json', 'application/*+json'])) {
    throw new AppError(
      ErrorCode.UnsupportedMediaType,
      415,
      'request body must be application/json',
    );
  }
  const parsed: Record<FieldLocation, unknown> = {
    body: undefined,
    params: undefined,
    query: undefined,
  };
  const unsafe = locations.flatMap((location) => unsafeStringProblems(location, req[location]));
  if (unsafe.length > 0) throw new ValidationError(unsafe);
  const problems: FieldProblem[] = [];
  for (const location of locations) {
    const schema = schemas[location];
    if (!schema) continue;
    const result = schema.safeParse(req[location]);
    if (result.success) parsed[location] = result.data;
    else problems.push(...toProblems(location, result.error.issues));
  }
  if (problems.length > 0) throw new ValidationError(problems);
  return parsed as unknown as ValidatedInput<S>;
}

/** One problem per bad field; an unknown-keys issue becomes one problem per unknown key. */
export function toProblems(location: FieldLocation, issues: z.core.$ZodIssue[]): FieldProblem[] {
  return issues.flatMap((issue) => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: [...path, key].join('.'),
        in: location,
        message: 'Unknown field',
      }));
    }
    return [{ field: path.join('.') || location, in: location, message: issue.message }];
  });
}

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}
