/** Options of a {@link DomainError}. */
export interface DomainErrorOptions {
  /** Machine-readable facts about the refusal (which seat, what is left), shown to callers. */
  details?: unknown;
  /** Seconds after which the same request may succeed (contention, a full queue). */
  retryAfterSeconds?: number;
  /** The underlying error, kept for logs only. */
  cause?: unknown;
}

/**
 * A business refusal raised by a service's domain or use cases: a stable `code` (`SOLD_OUT`,
 * `SEAT_TAKEN`) and a message, and nothing of HTTP. The service's error table
 * ({@link ErrorTranslation}) says which status each code is answered with, in one place.
 */
export class DomainError extends Error {
  /** Stable, documented code that callers and consumers branch on. */
  readonly code: string;
  readonly details: unknown;
  readonly retryAfterSeconds: number | undefined;

  constructor(code: string, message: string, options: DomainErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** Whether a value is a {@link DomainError}, optionally with one code. */
export function isDomainError(value: unknown, code?: string): value is DomainError {
  return value instanceof DomainError && (code === undefined || value.code === code);
}
