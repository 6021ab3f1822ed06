import { mintDevelopmentToken } from '@lockstep/service-kit';
import { type ApiResponse, adminCall, bearerCall } from '@lockstep/testkit';
import { customerOfOrder } from './orders-producer.ts';

/** What the client's calls answer: the status and whatever JSON the replica sent. */
// biome-ignore lint/suspicious/noExplicitAny: tests read whatever the API answered
export type JsonResponse = ApiResponse<any>;

/**
 * A small client for one replica's API: one method per endpoint, ids URL-encoded, each sent
 * with the credential its route takes: a partner reads and moves itself, the partner carrying
 * an order completes or releases it, the order's customer reads its assignment.
 */
export function apiOf(base: string) {
  const as =
    (role: 'customer' | 'partner', subject: string) =>
    async (method: string, path: string, body?: unknown): Promise<JsonResponse> =>
      bearerCall(base, method, path, await mintDevelopmentToken({ subject, role }), body);
  // Signing up partners and the audit are the operator's: they carry the admin token.
  const asAdmin = (method: string, path: string, body?: unknown): Promise<JsonResponse> =>
    adminCall(base, method, path, body);
  const id = encodeURIComponent;
  return {
    createPartner: (body: unknown) => asAdmin('POST', '/partners', body),
    getPartner: (partnerId: string) =>
      as('partner', partnerId)('GET', `/partners/${id(partnerId)}`),
    movePartner: (partnerId: string, body: unknown) =>
      as('partner', partnerId)('PUT', `/partners/${id(partnerId)}/location`, body),
    getAssignment: (orderId: string) =>
      as('customer', customerOfOrder(orderId))('GET', `/assignments/${id(orderId)}`),
    complete: (orderId: string, partnerId: string) =>
      as('partner', partnerId)('POST', `/assignments/${id(orderId)}/complete`),
    release: (orderId: string, partnerId: string) =>
      as('partner', partnerId)('POST', `/assignments/${id(orderId)}/release`),
    audit: () => asAdmin('GET', '/audit'),
  };
}

/** The client type. */
export type Api = ReturnType<typeof apiOf>;
