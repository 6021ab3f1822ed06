import { type ApiResponse, adminCall, call } from '@lockstep/testkit';

/** What the client's calls answer: the status and whatever JSON the replica sent. */
// biome-ignore lint/suspicious/noExplicitAny: tests read whatever the API answered
export type JsonResponse = ApiResponse<any>;

/** A small client for one replica's API: one method per endpoint, ids URL-encoded. */
export function apiOf(base: string) {
  const send = (method: string, path: string, body?: unknown): Promise<JsonResponse> =>
    call(base, method, path, body);
  // Signing up partners and the audit are the operator's: they carry the admin token.
  const asAdmin = (method: string, path: string, body?: unknown): Promise<JsonResponse> =>
    adminCall(base, method, path, body);
  const id = encodeURIComponent;
  return {
    createPartner: (body: unknown) => asAdmin('POST', '/partners', body),
    getPartner: (partnerId: string) => send('GET', `/partners/${id(partnerId)}`),
    movePartner: (partnerId: string, body: unknown) =>
      send('PUT', `/partners/${id(partnerId)}/location`, body),
    getAssignment: (orderId: string) => send('GET', `/assignments/${id(orderId)}`),
    complete: (orderId: string) => send('POST', `/assignments/${id(orderId)}/complete`),
    release: (orderId: string) => send('POST', `/assignments/${id(orderId)}/release`),
    audit: () => asAdmin('GET', '/audit'),
  };
}

/** The client type. */
export type Api = ReturnType<typeof apiOf>;
