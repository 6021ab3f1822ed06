import { type ApiResponse, call, testAdminToken } from './http-call.js';
import type { RefusalCheck } from './refusal-check.js';

/** One admin route as a test calls it. */
export interface AdminRequest {
  method: string;
  path: string;
  /** The JSON body the route would accept with the token. */
  body?: unknown;
}

/**
 * Checks that an admin route refuses every caller without the test deployment's admin token,
 * writing nothing: no `x-admin-token` (401 ADMIN_TOKEN_REQUIRED), the token in
 * `authorization` instead (the customer's header: 401 ADMIN_TOKEN_REQUIRED), and wrong tokens
 * (longer, shorter, same length, another case: 401 ADMIN_TOKEN_INVALID). The caller then
 * sends it with the token and checks the effect.
 */
export async function expectAdminOnly(
  refused: RefusalCheck,
  base: string,
  request: AdminRequest,
): Promise<void> {
  const send = (headers: Record<string, string>) => (): Promise<ApiResponse> =>
    call(base, request.method, request.path, request.body, {
      'content-type': 'application/json',
      ...headers,
    });
  await refused(send({}), 401, 'ADMIN_TOKEN_REQUIRED');
  await refused(send({ authorization: `Bearer ${testAdminToken}` }), 401, 'ADMIN_TOKEN_REQUIRED');
  const sameLength = `${testAdminToken.slice(0, -1)}X`;
  for (const wrong of [`${testAdminToken}x`, testAdminToken.slice(0, -1), sameLength]) {
    await refused(send({ 'x-admin-token': wrong }), 401, 'ADMIN_TOKEN_INVALID');
  }
  await refused(
    send({ 'x-admin-token': testAdminToken.toUpperCase() }),
    401,
    'ADMIN_TOKEN_INVALID',
  );
}
