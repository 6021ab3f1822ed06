import { STATUS_CODES } from 'node:http';
import type { z } from 'zod';
import { errorResponseSchema } from './error-response-schema.js';
import { type JsonSchema, resolveObject, toOpenApiSchema } from './json-schema.js';
import type { RouteDefinition, RouteResponse } from './route-definition.js';

/** Title and version of the API, shown at the top of the document. */
export interface OpenApiInfo {
  /** API title, usually the service name. */
  title: string;
  /** API version. */
  version: string;
  /** One paragraph on what the service does. */
  description?: string;
}

const errorRef = { $ref: '#/components/schemas/ErrorResponse' };

const adminTokenScheme = {
  type: 'apiKey',
  in: 'header',
  name: 'x-admin-token',
  description: "The service's ADMIN_TOKEN; admin routes answer 401 without it.",
};

const bearerTokenScheme = {
  type: 'http',
  scheme: 'bearer',
  bearerFormat: 'JWT',
  description:
    "A customer's or partner's JWT (ES256 by default, verified against AUTH_JWKS); `sub` is their id, `role` is customer or partner.",
};

/**
 * Collects route declarations and renders them as an OpenAPI 3.1 document. Routes declare
 * the same zod schemas that validate their requests (see defineRoute), so the published
 * contract and the enforced one cannot drift apart.
 */
export class OpenApiRegistry {
  private readonly routes: RouteDefinition[] = [];

  constructor(private readonly info: OpenApiInfo) {}

  /** Declares one route; paths use Express syntax (`/orders/:id`). */
  route(definition: RouteDefinition): void {
    const key = `${definition.method} ${definition.path}`;
    if (this.routes.some((r) => `${r.method} ${r.path}` === key)) {
      throw new Error(`openapi: route ${key} is declared twice`);
    }
    this.routes.push(definition);
  }

  /** The OpenAPI 3.1 document for every declared route. */
  document(): Record<string, unknown> {
    const components: Record<string, JsonSchema> = {
      ErrorResponse: toOpenApiSchema(errorResponseSchema, 'output', {}),
    };
    const paths: Record<string, Record<string, unknown>> = {};
    for (const route of this.routes) {
      const path = toOpenApiPath(route.path);
      paths[path] ??= {};
      paths[path][route.method] = operation(route, components);
    }
    const securitySchemes: Record<string, unknown> = {};
    if (this.routes.some((route) => route.admin === true)) {
      securitySchemes.adminToken = adminTokenScheme;
    }
    if (this.routes.some((route) => route.roles !== undefined)) {
      securitySchemes.bearerToken = bearerTokenScheme;
    }
    return {
      openapi: '3.1.0',
      info: this.info,
      paths,
      components: {
        schemas: components,
        ...(Object.keys(securitySchemes).length > 0 ? { securitySchemes } : {}),
      },
    };
  }
}

/** `/orders/:id` → `/orders/{id}`. */
export function toOpenApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z_$][\w$]*)/g, '{$1}');
}

function operation(route: RouteDefinition, components: Record<string, JsonSchema>) {
  const op: Record<string, unknown> = { summary: route.summary };
  if (route.description) op.description = route.description;
  if (route.operationId) op.operationId = route.operationId;
  if (route.tags) op.tags = route.tags;
  if (route.admin) op.security = [{ adminToken: [] }];
  if (route.roles) op.security = [{ bearerToken: [] }];
  const parameters = [
    ...pathParameters(route, components),
    ...parametersOf(route.query, 'query', components),
  ];
  if (parameters.length > 0) op.parameters = parameters;
  if (route.body) {
    op.requestBody = {
      required: true,
      content: { 'application/json': { schema: toOpenApiSchema(route.body, 'input', components) } },
    };
  }
  const responses: Record<string, unknown> = {};
  for (const [status, response] of Object.entries(route.responses)) {
    responses[status] = responseObject(Number(status), response, components);
  }
  // Every validated route can answer 400, and any route can fail; documenting both keeps
  // generated clients from treating them as surprises.
  if ((route.body || route.params || route.query) && !responses['400']) {
    responses['400'] = errorResponse('the request does not match its schema');
  }
  if (route.admin && !responses['401']) {
    responses['401'] = errorResponse(
      'ADMIN_TOKEN_REQUIRED (no x-admin-token header) or ADMIN_TOKEN_INVALID (not the configured token)',
    );
  }
  if (route.roles && !responses['401']) {
    responses['401'] = errorResponse(
      'AUTH_REQUIRED (no bearer token) or AUTH_INVALID (the token does not verify)',
    );
  }
  if (route.roles && !responses['403']) {
    responses['403'] = errorResponse(
      `FORBIDDEN: a ${route.roles.join(' or ')} token, but not the resource's owner (or another role)`,
    );
  }
  responses['500'] ??= errorResponse('unexpected fault (details are in the service logs)');
  op.responses = responses;
  return op;
}

/** Declared path parameters, plus plain strings for any in the path the schema omits. */
function pathParameters(route: RouteDefinition, components: Record<string, JsonSchema>) {
  const declared = parametersOf(route.params, 'path', components);
  const names = [...route.path.matchAll(/:([A-Za-z_$][\w$]*)/g)].map((m) => m[1] as string);
  const missing = names
    .filter((name) => !declared.some((p) => p.name === name))
    .map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
  return [...declared, ...missing];
}

function parametersOf(
  schema: z.ZodType | undefined,
  where: 'path' | 'query',
  components: Record<string, JsonSchema>,
) {
  if (!schema) return [];
  const object = resolveObject(toOpenApiSchema(schema, 'input', components), components);
  return Object.entries(object.properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === 'path' || object.required.includes(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
}

function responseObject(
  status: number,
  response: RouteResponse,
  components: Record<string, JsonSchema>,
) {
  const { description, schema } = normalizeResponse(status, response);
  if (schema) {
    const body = toOpenApiSchema(schema, 'output', components);
    return { description, content: { 'application/json': { schema: body } } };
  }
  // An error status without its own schema answers with the standard error envelope.
  if (status >= 400) return errorResponse(description);
  return { description };
}

function normalizeResponse(
  status: number,
  response: RouteResponse,
): { description: string; schema?: z.ZodType | undefined } {
  if (typeof response === 'string') return { description: response };
  if (isZodSchema(response))
    return { description: STATUS_CODES[status] ?? 'response', schema: response };
  return response;
}

function isZodSchema(value: unknown): value is z.ZodType {
  return typeof value === 'object' && value !== null && '_zod' in value;
}

function errorResponse(description: string) {
  return { description, content: { 'application/json': { schema: errorRef } } };
}
