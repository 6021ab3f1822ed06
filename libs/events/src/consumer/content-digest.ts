import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every depth, so the same content always serializes the same
 * way whatever order a producer (or jsonb, which reorders keys) wrote it in.
 */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * SHA-256 (hex) of an event's type, version and payload as received, before its schema
 * parsed it: a schema that later adds a defaulted field must not make an old redelivery look
 * like other content. Envelope fields that a redelivery may legitimately change (headers,
 * trace context) are left out; the key and occurredAt follow from the payload.
 */
export function contentDigest(type: string, version: number, payload: unknown): string {
  return createHash('sha256').update(canonicalJson({ type, version, payload })).digest('hex');
}
