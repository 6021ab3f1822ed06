/** A response as the tests read it. */
export interface ApiResponse<B = unknown> {
  status: number;
  headers: Headers;
  body: B;
}

/** The error body every 4xx/5xx carries. */
export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/**
 * The admin token every test deployment configures (ADMIN_TOKEN) and {@link adminCall} sends;
 * deliberately not the kit's development default, so a test passes only if the token it
 * configured is the one checked.
 */
export const testAdminToken = 'lockstep-test-admin-token';

/**
 * Sends a request to a replica; `body` is sent as JSON unless it is already a string. Without
 * a body only the headers other than content-type are sent.
 */
export async function call<B = unknown>(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = { 'content-type': 'application/json' },
): Promise<ApiResponse<B>> {
  const { 'content-type': _contentType, ...others } = headers;
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? others : headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: (text === '' ? undefined : JSON.parse(text)) as B,
  };
}

/** {@link call} with the test admin token in `x-admin-token`: for the operator's routes. */
export function adminCall<B = unknown>(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = { 'content-type': 'application/json' },
): Promise<ApiResponse<B>> {
  return call<B>(base, method, path, body, { ...headers, 'x-admin-token': testAdminToken });
}

/** The stable code of an error response (any client's: only its parsed body is read). */
export function errorCode(response: { body: unknown }): string | undefined {
  const body = response.body as Partial<ErrorBody> | null | undefined;
  return typeof body === 'object' && body !== null ? body.error?.code : undefined;
}

/** The fields a validation error's details name (`[{ field, message }]`), if any. */
export function errorFields(response: { body: unknown }): string[] {
  const details = (response.body as Partial<ErrorBody> | null | undefined)?.error?.details;
  return Array.isArray(details)
    ? details.map((detail: { field?: unknown }) => String(detail.field))
    : [];
}
