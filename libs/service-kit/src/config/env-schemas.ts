import { z } from 'zod';

/**
 * Building blocks for config schemas. Environment values are always strings, so each helper
 * coerces and words its type error the way an operator reads it ("expected a number"), while
 * range errors keep zod's precise text ("Too big: expected number to be <=65535").
 */

/** An integer read from a string, optionally bounded. */
export function envInteger(bounds: { min?: number; max?: number } = {}) {
  let schema = z.coerce
    .number({
      // Only the type failure gets our wording; returning undefined keeps zod's own message
      // for range and integer checks, which already name the limit.
      error: (issue) => (issue.code === 'invalid_type' ? 'expected a number' : undefined),
    })
    .int({ error: 'expected a whole number' });
  if (bounds.min !== undefined) schema = schema.min(bounds.min);
  if (bounds.max !== undefined) schema = schema.max(bounds.max);
  return schema;
}

/** A fraction from 0 to 1 read from a string (`0.25`). */
export function envRatio() {
  return z.coerce
    .number({
      error: (issue) => (issue.code === 'invalid_type' ? 'expected a number' : undefined),
    })
    .min(0)
    .max(1);
}

/** A comma-separated list (`a:1, b:2`), trimmed, empty entries dropped; at least one entry. */
export function envList() {
  return z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== ''),
    )
    .pipe(z.array(z.string()).min(1, { error: 'expected at least one comma-separated entry' }));
}

/** A boolean spelled `true`/`false`/`1`/`0`/`yes`/`no` (any case). */
export function envBoolean() {
  return z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'expected true or false' }))
    .transform((value) => value === 'true' || value === '1' || value === 'yes');
}

/** A URL whose scheme is one of `protocols` (e.g. `['postgres', 'postgresql']`). */
export function envUrl(protocols: string[]) {
  return z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol.replace(/:$/, ''));
      } catch {
        return false;
      }
    },
    { error: `expected a ${protocols.join(' or ')}:// URL` },
  );
}
