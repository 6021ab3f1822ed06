import type { RequestHandler, Router } from 'express';
import { authenticate } from '../auth/authenticate.js';
import { requireAdmin } from '../http/admin-token.js';
import { type ValidatedHandler, validate } from '../http/validate.js';
import type { OpenApiRegistry } from './openapi-registry.js';
import type { RouteDefinition } from './route-definition.js';

/**
 * Declares a route in the OpenAPI registry and returns its validating handler, so one set
 * of schemas both documents and enforces the contract. Mount it at the same method and path:
 * `router.post('/orders', defineRoute(openapi, { method: 'post', path: '/orders', ... }, h))`,
 * or let {@link mountRoute} do both. A route with `admin: true` first requires the admin token
 * (see admin-token.ts); a route with `roles` first requires a bearer token of one of them
 * (see auth/authenticate.ts).
 */
export function defineRoute<D extends RouteDefinition>(
  openapi: OpenApiRegistry,
  definition: D,
  handler: ValidatedHandler<D>,
): RequestHandler {
  openapi.route(definition);
  const validated = validate(definition, handler);
  const { admin, roles } = definition;
  if (admin !== true && roles === undefined) return validated;
  // The credential is checked first: a caller without it learns nothing about the input.
  return async (req, res, next) => {
    if (admin === true) requireAdmin(req);
    if (roles !== undefined) await authenticate(req, roles);
    return validated(req, res, next);
  };
}

/**
 * Declares a route and mounts it on `router` at its own method and path, so the documented
 * path is by construction the served one.
 */
export function mountRoute<D extends RouteDefinition>(
  router: Router,
  openapi: OpenApiRegistry,
  definition: D,
  handler: ValidatedHandler<D>,
): void {
  router[definition.method](definition.path, defineRoute(openapi, definition, handler));
}
