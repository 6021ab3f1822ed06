type JsonObject = Record<string, unknown>;

const componentsPrefix = '#/components/schemas/';
const nested = ['items', 'additionalProperties', 'not'];
const alternatives = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];

/**
 * Every string a client may send (path and query parameters, JSON bodies) that an OpenAPI
 * document leaves without a length bound, as `METHOD /path in.field`. A string is bounded by
 * `maxLength`, an `enum` or `const`, or a `format` (a date-time's own grammar). A service's
 * test asserts this is empty, so a new field built with a bare `z.string()` fails it.
 */
export function unboundedRequestStrings(document: JsonObject): string[] {
  const components = ((document.components as JsonObject | undefined)?.schemas ?? {}) as JsonObject;
  const found: string[] = [];
  for (const [path, operations] of Object.entries((document.paths ?? {}) as JsonObject)) {
    for (const [method, operation] of Object.entries(operations as JsonObject)) {
      const route = `${method.toUpperCase()} ${path}`;
      const op = operation as JsonObject;
      for (const parameter of (op.parameters ?? []) as JsonObject[]) {
        walk(parameter.schema, `${route} ${String(parameter.in)}.${String(parameter.name)}`);
      }
      const body = (op.requestBody as JsonObject | undefined)?.content as JsonObject | undefined;
      const json = body?.['application/json'] as JsonObject | undefined;
      if (json !== undefined) walk(json.schema, `${route} body`);
    }
  }
  return found;

  function walk(schema: unknown, where: string, seen = new Set<string>()): void {
    if (typeof schema !== 'object' || schema === null) return;
    const node = schema as JsonObject;
    const ref = node.$ref;
    if (typeof ref === 'string' && ref.startsWith(componentsPrefix)) {
      const name = ref.slice(componentsPrefix.length);
      if (seen.has(name)) return;
      walk(components[name], where, new Set([...seen, name]));
    }
    const types = Array.isArray(node.type) ? node.type : [node.type];
    const bounded = ['maxLength', 'enum', 'const', 'format'].some((key) => key in node);
    if (types.includes('string') && !bounded) found.push(where);
    for (const [name, property] of Object.entries((node.properties ?? {}) as JsonObject)) {
      walk(property, `${where}.${name}`, seen);
    }
    for (const key of nested) walk(node[key], `${where}[]`, seen);
    for (const key of alternatives) {
      for (const option of (node[key] ?? []) as unknown[]) walk(option, where, seen);
    }
  }
}
