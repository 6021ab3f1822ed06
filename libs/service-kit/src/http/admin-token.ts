import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { ErrorCode } from '../errors/app-error.js';
import { UnauthorizedError } from '../errors/unauthorized-error.js';

/**
 * The header an admin route reads its credential from. Not `authorization`: that header is
 * kept for customer bearer tokens, so an admin credential can never be mistaken for one.
 */
export const adminTokenHeader = 'x-admin-token';

// The configured token of each app createHttpApp built, found from `req.app`, so routes can be
// marked admin without every route module being handed the token.
const tokens = new WeakMap<object, string>();

/** Records the admin token of an app (createHttpApp does this for its `adminToken`). */
export function setAdminToken(app: object, token: string): void {
  tokens.set(app, token);
}

/**
 * Whether `presented` is `expected`, in time that does not depend on where they differ: both
 * are hashed to equal-length SHA-256 digests first, so neither the length nor any prefix of
 * the token leaks through timing.
 */
export function isAdminToken(presented: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

/**
 * Throws unless the request carries the app's admin token in `x-admin-token`: 401
 * ADMIN_TOKEN_REQUIRED without the header, 401 ADMIN_TOKEN_INVALID with another value. An
 * app built without a token refuses every admin request (fail closed).
 */
export function requireAdmin(req: Request): void {
  const presented = req.headers[adminTokenHeader];
  if (presented === undefined || presented === '') {
    throw new UnauthorizedError(
      ErrorCode.AdminTokenRequired,
      `this route needs the admin token in the ${adminTokenHeader} header`,
    );
  }
  const expected = tokens.get(req.app);
  if (
    typeof presented !== 'string' ||
    expected === undefined ||
    !isAdminToken(presented, expected)
  ) {
    throw new UnauthorizedError(ErrorCode.AdminTokenInvalid, 'the admin token is not valid');
  }
}
