import { EventError, EventErrorCode } from './event-error.js';

/** A value in a mismatch report: what the records hold, or what the event said. */
export type MismatchValue = string | number | boolean | null;

/**
 * A well-formed event that does not match what the consumer's own records say it asked for
 * (another payment id, wallet, amount or currency). Retrying cannot help, so the consumer
 * dead-letters it at once, with `field`, `expected` and `got` in the message and the code
 * EVENT_MISMATCH in the dead letter's `dlq-error-code` header. Nothing of the event is applied:
 * the handler throws before writing, and the transaction rolls back.
 */
export class EventMismatchError extends EventError {
  /** The payload field that differs, dotted (`walletId`, `reference.id`). */
  readonly field: string;
  /** What our records say the field should be. */
  readonly expected: MismatchValue;
  /** What the event said. */
  readonly got: MismatchValue;

  constructor(
    eventType: string,
    mismatch: { field: string; expected: MismatchValue; got: MismatchValue; subject: string },
  ) {
    const { field, expected, got, subject } = mismatch;
    super(
      EventErrorCode.Mismatch,
      `"${eventType}" for ${subject} does not match our records: ${field} expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}`,
      { eventType },
    );
    this.field = field;
    this.expected = expected;
    this.got = got;
  }
}
