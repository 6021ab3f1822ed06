import { authRequired } from './auth-errors.js';

// A compact JWS: three base64url parts. Anything else in a Bearer header is not a token at
// all, so it is answered like a missing one rather than handed to the verifier.
const compactJws = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

// Far above any real token; a longer header is refused before any parsing.
const maxTokenLength = 8_192;

/**
 * The token of an `Authorization: Bearer <token>` header (scheme in any case, RFC 6750).
 * Throws 401 AUTH_REQUIRED when the header is missing, names another scheme, or holds
 * something that is not a compact JWT.
 */
export function bearerTokenOf(header: string | undefined): string {
  if (header === undefined || header.trim() === '') throw authRequired();
  const match = /^Bearer +(\S+)\s*$/i.exec(header);
  const token = match?.[1];
  if (token === undefined || token.length > maxTokenLength || !compactJws.test(token)) {
    throw authRequired('the Authorization header does not hold a bearer token');
  }
  return token;
}
