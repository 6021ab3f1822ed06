/**
 * Stable codes for every error the service kit produces. Clients and tests branch on these,
 * never on message text. Services may use their own codes (`SOLD_OUT`, `SEAT_TAKEN`) on the
 * same classes; these are the ones the kit itself emits.
 */
export const ErrorCode = {
  /** The request (body, path or query) did not match its schema. */
  ValidationFailed: 'VALIDATION_FAILED',
  /** The request body is not valid JSON. */
  MalformedJson: 'MALFORMED_JSON',
  /** The request body is larger than the app's limit. */
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
  /** The request body has a content type or encoding the app does not read. */
  UnsupportedMediaType: 'UNSUPPORTED_MEDIA_TYPE',
  /** Any other malformed request the HTTP layer rejected before a handler ran. */
  BadRequest: 'BAD_REQUEST',
  /** An admin route was called without the `x-admin-token` header. */
  AdminTokenRequired: 'ADMIN_TOKEN_REQUIRED',
  /** An admin route was called with an `x-admin-token` that is not the configured one. */
  AdminTokenInvalid: 'ADMIN_TOKEN_INVALID',
  /** A customer or partner route was called without a bearer token in `Authorization`. */
  AuthRequired: 'AUTH_REQUIRED',
  /** The bearer token did not verify (signature, expiry, key id, issuer, audience, algorithm). */
  AuthInvalid: 'AUTH_INVALID',
  /** A valid token, but for someone else's resource or another role's route. */
  Forbidden: 'FORBIDDEN',
  /** No route matches, or the addressed resource does not exist. */
  NotFound: 'NOT_FOUND',
  /** The request conflicts with the current state (already exists, sold out, taken). */
  Conflict: 'CONFLICT',
  /** The caller is rate limited or the resource is too contended right now; retry later. */
  TooManyRequests: 'TOO_MANY_REQUESTS',
  /** A dependency is down or the service is shutting down; retry later, elsewhere. */
  Unavailable: 'UNAVAILABLE',
  /** An unexpected fault; details are in the logs, never in the response. */
  Internal: 'INTERNAL',
  /** The environment did not satisfy the service's config schema. */
  ConfigInvalid: 'CONFIG_INVALID',
} as const;

/** One of {@link ErrorCode}'s values. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Options shared by every {@link AppError} constructor. */
export interface AppErrorOptions {
  /** Overrides the class's default code, e.g. `SOLD_OUT` on a ConflictError. */
  code?: string;
  /** Machine-readable extra information, sent to the client as `error.details`. */
  details?: unknown;
  /** Seconds after which a retry may succeed; sent as the `Retry-After` header. */
  retryAfterSeconds?: number;
  /** The underlying error, kept for logs only (never sent to the client). */
  cause?: unknown;
  /** What a 401 asks for, sent as the `WWW-Authenticate` header (`Bearer realm="..."`). */
  challenge?: string;
}

/**
 * Base of every operational error: something the caller can be told about. The error
 * middleware turns it into `{ error: { code, message, details? } }` with `status`; anything
 * that is not an AppError is a fault and becomes a bare 500.
 */
export class AppError extends Error {
  /** Stable code (see {@link ErrorCode}, or a service-specific one). */
  readonly code: string;
  /** HTTP status the error maps to. */
  readonly status: number;
  /** Extra information safe to show the client. */
  readonly details: unknown;
  /** Seconds after which a retry may succeed, when known. */
  readonly retryAfterSeconds: number | undefined;
  /** The `WWW-Authenticate` challenge of a 401, when it has one. */
  readonly challenge: string | undefined;

  constructor(code: string, status: number, message: string, options: AppErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code ?? code;
    this.status = status;
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.challenge = options.challenge;
  }
}

/** Whether a value is an {@link AppError}, optionally with one code. */
export function isAppError(value: unknown, code?: string): value is AppError {
  return value instanceof AppError && (code === undefined || value.code === code);
}
