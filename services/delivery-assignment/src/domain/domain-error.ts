/**
 * Base of the business refusals the domain raises. Each carries a stable `code` that the HTTP
 * layer and the consumer branch on; the domain itself knows nothing of HTTP statuses.
 */
export class DomainError extends Error {
  /** Stable, documented code, e.g. `PARTNER_FULL`. */
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}
