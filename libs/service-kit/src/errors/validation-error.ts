import { AppError, ErrorCode } from './app-error.js';

/** Where in the request a bad field was found. */
export type FieldLocation = 'body' | 'params' | 'query';

/** One problem with one field of the request. */
export interface FieldProblem {
  /** Dotted path of the field inside its location (`items.0.quantity`); the location itself when the whole part is wrong. */
  field: string;
  /** Which part of the request the field is in. */
  in: FieldLocation;
  /** What is wrong, in words a client developer can act on. */
  message: string;
}

/**
 * The request did not match its schema (400). `details` lists every problem, not just the
 * first, so a client fixes its request in one round trip.
 */
export class ValidationError extends AppError {
  /** Every problem found, in schema order. */
  override readonly details: FieldProblem[];

  constructor(problems: FieldProblem[], options: { code?: string } = {}) {
    super(ErrorCode.ValidationFailed, 400, ValidationError.describe(problems), {
      ...options,
      details: problems,
    });
    this.details = problems;
  }

  /** `quantity: Too big: ...; sku: Invalid input: ...` — the message repeats the details for logs and humans. */
  private static describe(problems: FieldProblem[]): string {
    if (problems.length === 0) return 'invalid request';
    return problems.map((p) => `${p.field}: ${p.message}`).join('; ');
  }
}
