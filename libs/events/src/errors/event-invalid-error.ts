import type { z } from 'zod';
import { EventError, EventErrorCode } from './event-error.js';

/** One schema violation: where in the payload, and what is wrong. */
export interface EventIssue {
  /** Dotted path into the payload (`amount`, `items.0.sku`); empty for the payload itself. */
  readonly path: string;
  /** Zod's description of the violation. */
  readonly message: string;
}

/**
 * A payload fails its event's schema. A subclass because producers show `issues` to their
 * caller (a 400 listing every field), which a bare code cannot carry.
 */
export class EventInvalidError extends EventError {
  /** Every violation found, in schema order. */
  readonly issues: readonly EventIssue[];

  constructor(eventType: string, issues: readonly EventIssue[]) {
    const listed = issues.map((issue) => `${issue.path || '(payload)'}: ${issue.message}`);
    super(EventErrorCode.Invalid, `invalid "${eventType}" event: ${listed.join('; ')}`, {
      eventType,
    });
    this.issues = issues;
  }

  /** Builds the error from a failed zod parse, flattening zod's issue paths. */
  static fromZod(eventType: string, error: z.ZodError): EventInvalidError {
    return new EventInvalidError(
      eventType,
      error.issues.map((issue) => ({
        path: issue.path.map(String).join('.'),
        message: issue.message,
      })),
    );
  }
}
