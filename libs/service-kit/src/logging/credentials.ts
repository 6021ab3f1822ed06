/**
 * The one list of where credentials travel in an HTTP request or response. The logger redacts
 * these headers wherever a `headers` object is logged, and request logging redacts these
 * query parameters in every logged URL and query. Names are lower case and compared without
 * regard to case. Add a name here and every service stops logging it.
 */

/** Headers whose values are credentials. */
export const credentialHeaders = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'x-auth-token',
  'x-access-token',
  'x-admin-token',
  'x-csrf-token',
  'x-xsrf-token',
] as const;

/** Query parameters whose values are credentials. */
export const credentialQueryParameters = [
  'access_token',
  'refresh_token',
  'id_token',
  'token',
  'api_key',
  'apikey',
  'key',
  'password',
  'passwd',
  'secret',
  'client_secret',
  'signature',
  'sig',
  'code',
] as const;

/** What a redacted value is replaced with. */
export const redactedValue = '[REDACTED]';

const credentialQueryNames = new Set<string>(credentialQueryParameters);

/** Whether a query parameter of this name carries a credential. */
export function isCredentialQueryParameter(name: string): boolean {
  return credentialQueryNames.has(name.toLowerCase());
}

/**
 * `url` with the value of every credential query parameter replaced by `[REDACTED]`; the
 * path and every other parameter are kept as sent. A parameter whose name cannot be decoded
 * is redacted too, since it cannot be checked.
 */
export function redactUrl(url: string): string {
  const start = url.indexOf('?');
  if (start === -1) return url;
  const end = url.indexOf('#', start);
  const query = url.slice(start + 1, end === -1 ? undefined : end);
  const redacted = query
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const rawName = equals === -1 ? pair : pair.slice(0, equals);
      const name = decodedName(rawName);
      return name === undefined || isCredentialQueryParameter(name)
        ? `${rawName}=${redactedValue}`
        : pair;
    })
    .join('&');
  return `${url.slice(0, start + 1)}${redacted}${end === -1 ? '' : url.slice(end)}`;
}

/** A parsed query with the value of every credential parameter replaced by `[REDACTED]`. */
export function redactQuery(query: unknown): unknown {
  if (typeof query !== 'object' || query === null) return query;
  return Object.fromEntries(
    Object.entries(query).map(([name, value]) => [
      name,
      isCredentialQueryParameter(name) ? redactedValue : value,
    ]),
  );
}

/**
 * pino redact paths for every credential header, in the request and response objects
 * pino-http logs and in any `headers` object logged on its own.
 */
export function credentialHeaderPaths(): string[] {
  return ['req.headers', 'res.headers', 'headers'].flatMap((parent) =>
    credentialHeaders.map((header) => `${parent}["${header}"]`),
  );
}

function decodedName(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw.replaceAll('+', ' '));
  } catch {
    // A malformed escape cannot be read, so the caller treats the name as a credential.
    return undefined;
  }
}
