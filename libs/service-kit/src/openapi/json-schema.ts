import { z } from 'zod';

/** A JSON Schema object as embedded in an OpenAPI 3.1 document. */
export type JsonSchema = Record<string, unknown>;

const defsPrefix = '#/$defs/';
const componentsPrefix = '#/components/schemas/';

/**
 * Converts a zod schema with zod 4's own `z.toJSONSchema` (OpenAPI 3.1 speaks JSON Schema
 * 2020-12, zod's default target). Schemas given an id with `.meta({ id })` come out as
 * `$defs`; inside an OpenAPI document `#/$defs/...` would resolve against the document
 * root, so they are moved into `components` and their refs rewritten.
 *
 * Request schemas use `io: 'input'` (what a client may send: coerced values, defaults
 * optional), responses `io: 'output'`. Transforms have no JSON form and become `{}`
 * rather than failing the whole document.
 */
export function toOpenApiSchema(
  schema: z.ZodType,
  io: 'input' | 'output',
  components: Record<string, JsonSchema>,
): JsonSchema {
  const generated = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  const { $schema: _dialect, $defs, ...rest } = generated;
  for (const [name, definition] of Object.entries(($defs ?? {}) as Record<string, unknown>)) {
    components[name] = rewriteRefs(definition) as JsonSchema;
  }
  return rewriteRefs(rest) as JsonSchema;
}

/** The object schema behind `schema`, following a top-level `$ref` into `components`. */
export function resolveObject(
  schema: JsonSchema,
  components: Record<string, JsonSchema>,
): { properties: Record<string, JsonSchema>; required: string[] } {
  const ref = schema.$ref;
  const target =
    typeof ref === 'string' && ref.startsWith(componentsPrefix)
      ? (components[ref.slice(componentsPrefix.length)] ?? {})
      : schema;
  return {
    properties: (target.properties ?? {}) as Record<string, JsonSchema>,
    required: (target.required ?? []) as string[],
  };
}

function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    out[key] =
      key === '$ref' && typeof child === 'string' && child.startsWith(defsPrefix)
        ? componentsPrefix + child.slice(defsPrefix.length)
        : rewriteRefs(child);
  }
  return out;
}
