import type { Request } from 'express';
import { authInvalid, forbidden } from './auth-errors.js';
import { bearerTokenOf } from './bearer-token.js';
import type { Caller, CallerRole } from './caller.js';
import type { TokenVerifier } from './token-verifier.js';

// The verifier of each app createHttpApp built, found from `req.app` as the admin token is,
// so a route can require a caller without every route module being handed the verifier.
const verifiers = new WeakMap<object, TokenVerifier>();
const callers = new WeakMap<Request, Caller>();

/** Records the token verifier of an app (createHttpApp does this for its `auth`). */
export function setTokenVerifier(app: object, verifier: TokenVerifier): void {
  verifiers.set(app, verifier);
}

/**
 * Verifies the request's bearer token and returns its caller, who must hold one of `roles`:
 * 401 AUTH_REQUIRED without a token, 401 AUTH_INVALID when it does not verify (or the app has
 * no verifier: fail closed), 403 FORBIDDEN for a valid token of another role. The caller is
 * then also what {@link callerOf} answers for this request.
 */
export async function authenticate(req: Request, roles: readonly CallerRole[]): Promise<Caller> {
  const token = bearerTokenOf(req.headers.authorization);
  const verifier = verifiers.get(req.app);
  if (verifier === undefined) throw authInvalid(new Error('this app verifies no bearer tokens'));
  const caller = await verifier.verify(token);
  if (!roles.includes(caller.role)) {
    throw forbidden(`this route is for the ${roles.join(' or ')} role`);
  }
  callers.set(req, caller);
  return caller;
}

/**
 * The caller {@link authenticate} verified for this request (a route declared with `roles`
 * is authenticated before its handler runs). Throws if none was: a handler that asks on a
 * route without `roles` is a bug, answered as a 500, never as an anonymous caller.
 */
export function callerOf(req: Request): Caller {
  const caller = callers.get(req);
  if (caller === undefined) throw new Error(`${req.method} ${req.path}: no authenticated caller`);
  return caller;
}

/** Throws 403 FORBIDDEN unless the caller is `ownerId` (a resource's owner). */
export function requireOwner(caller: Caller, ownerId: string | null | undefined): void {
  if (caller.subject !== ownerId) throw forbidden();
}
