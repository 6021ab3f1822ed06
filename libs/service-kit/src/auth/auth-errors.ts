import { ErrorCode } from '../errors/app-error.js';
import { ForbiddenError } from '../errors/forbidden-error.js';
import { UnauthorizedError } from '../errors/unauthorized-error.js';

// RFC 6750: a 401 names the scheme it wants; a token that was sent but refused says so.
const askForToken = 'Bearer realm="lockstep"';
const tokenRefused = 'Bearer realm="lockstep", error="invalid_token"';

/** 401 AUTH_REQUIRED: no bearer token, or an Authorization header that does not hold one. */
export function authRequired(message = 'this route needs a bearer token'): UnauthorizedError {
  return new UnauthorizedError(ErrorCode.AuthRequired, message, { challenge: askForToken });
}

/**
 * 401 AUTH_INVALID: a token that does not verify (signature, expiry, unknown kid, issuer,
 * audience, algorithm, claims). The message stays generic: which check failed is logged, not
 * told to a caller probing for a key.
 */
export function authInvalid(cause?: unknown): UnauthorizedError {
  return new UnauthorizedError(ErrorCode.AuthInvalid, 'the bearer token is not valid', {
    challenge: tokenRefused,
    cause,
  });
}

/** 403 FORBIDDEN: a valid token, but not for this resource or route. */
export function forbidden(message = 'this resource is not yours'): ForbiddenError {
  return new ForbiddenError(ErrorCode.Forbidden, message);
}
