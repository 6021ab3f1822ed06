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

/** Sends a request to a replica; `body` is sent as JSON unless it is already a string. */
export async function call<B = unknown>(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = { 'content-type': 'application/json' },
): Promise<ApiResponse<B>> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: (text === '' ? undefined : JSON.parse(text)) as B,
  };
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
