import { type ApiResponse, call } from './http-call.js';

/**
 * {@link call} as a customer or partner: `token` in `Authorization: Bearer`. Tests mint it
 * with the service kit's `mintDevelopmentToken` (the development key every test replica trusts).
 */
export function bearerCall<B = unknown>(
  base: string,
  method: string,
  path: string,
  token: string,
  body?: unknown,
): Promise<ApiResponse<B>> {
  return call<B>(base, method, path, body, {
    'content-type': 'application/json',
    authorization: `Bearer ${token}`,
  });
}
