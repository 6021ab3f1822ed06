/** A JSON response: status and parsed body. */
export interface JsonResponse {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever the API answered
  body: any;
}

/** Sends one request; `body` is JSON-encoded unless it is already a string (raw, for bad JSON). */
export async function request(
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = { 'content-type': 'application/json' },
): Promise<JsonResponse> {
  const response = await fetch(url, {
    method,
    headers,
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
}

/** A small client for one replica's API. */
export function apiOf(base: string) {
  return {
    createPartner: (body: unknown) => request('POST', `${base}/partners`, body),
    getPartner: (id: string) => request('GET', `${base}/partners/${encodeURIComponent(id)}`),
    movePartner: (id: string, body: unknown) =>
      request('PUT', `${base}/partners/${encodeURIComponent(id)}/location`, body),
    getAssignment: (orderId: string) =>
      request('GET', `${base}/assignments/${encodeURIComponent(orderId)}`),
    complete: (orderId: string) =>
      request('POST', `${base}/assignments/${encodeURIComponent(orderId)}/complete`),
    release: (orderId: string) =>
      request('POST', `${base}/assignments/${encodeURIComponent(orderId)}/release`),
    audit: () => request('GET', `${base}/audit`),
  };
}

/** The client type. */
export type Api = ReturnType<typeof apiOf>;
