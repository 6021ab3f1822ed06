import type { z } from 'zod';
import type { CallerRole } from '../auth/caller.js';
import type { RequestSchemas } from '../http/validate.js';

/** HTTP methods a route may declare. */
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * One documented response: a zod schema of the JSON body, a description alone (an error
 * status then documents the standard error body), or both.
 */
export type RouteResponse = z.ZodType | string | { description: string; schema?: z.ZodType };

/** A route's contract: how it is reached, what it accepts and what it answers. */
export interface RouteDefinition extends RequestSchemas {
  /** HTTP method, lower case. */
  method: HttpMethod;
  /** Express-style path, `/orders/:id`; rendered as `/orders/{id}` in the document. */
  path: string;
  /** One line shown in API explorers. */
  summary: string;
  /** Longer explanation (lock used, idempotency, ...). */
  description?: string;
  /** Stable operation id for generated clients. */
  operationId?: string;
  /** Grouping in API explorers. */
  tags?: string[];
  /**
   * An operator's route (fault injection, seeding, restocking, audits): answered only with the
   * app's admin token in `x-admin-token`, checked before the request is validated.
   */
  admin?: boolean;
  /**
   * A customer's or partner's route: answered only with a valid bearer token in
   * `Authorization` whose role is one of these, checked before the request is validated; the
   * handler reads the caller with `callerOf(req)` and checks ownership itself.
   */
  roles?: readonly CallerRole[];
  /** Responses by status: `{ 201: OrderSchema, 409: 'SOLD_OUT: no stock left' }`. */
  responses: Record<number, RouteResponse>;
}
