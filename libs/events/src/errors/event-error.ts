/** Stable codes for every error the events library throws; callers branch on these, never on text. */
export const EventErrorCode = {
  /** A payload (or envelope field) fails its event's schema: refused on produce, dead-lettered on consume. */
  Invalid: 'EVENT_INVALID',
  /** A message is not an event envelope at all (no value, not JSON, envelope fields missing). */
  Malformed: 'EVENT_MALFORMED',
  /** The catalog has no definition for the message's (type, version). */
  UnknownType: 'EVENT_UNKNOWN_TYPE',
  /** A handler declared that retrying cannot help; the message goes to the dead-letter topic at once. */
  NonRetryable: 'EVENT_NON_RETRYABLE',
  /** A well-formed event does not match what the consumer's own records say it asked for; dead-lettered at once. */
  Mismatch: 'EVENT_MISMATCH',
  /** An event reuses an id the consumer already processed, with other content; dead-lettered at once. */
  IdConflict: 'EVENT_ID_CONFLICT',
  /** Postgres could not open the dedupe transaction; the message is retried without using an attempt. */
  StoreUnavailable: 'EVENT_STORE_UNAVAILABLE',
  /** Kafka refused or did not answer (topic admin, consumer group join, dead-letter publish). */
  BrokerUnavailable: 'EVENT_BROKER_UNAVAILABLE',
  /** An option or definition that cannot work; thrown before anything touches Kafka or Postgres. */
  InvalidArgument: 'EVENT_INVALID_ARGUMENT',
} as const;

/** One of {@link EventErrorCode}'s values. */
export type EventErrorCode = (typeof EventErrorCode)[keyof typeof EventErrorCode];

/** Base of every error the events library throws: a stable `code`, the event type when known, and the cause. */
export class EventError extends Error {
  /** Stable, documented code (see {@link EventErrorCode}). */
  readonly code: EventErrorCode;
  /** The event type the error is about, when there is one. */
  readonly eventType: string | undefined;

  constructor(
    code: EventErrorCode,
    message: string,
    options: { eventType?: string | undefined; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.eventType = options.eventType;
  }
}

/** Whether a value is an {@link EventError}, optionally of one code. */
export function isEventError(value: unknown, code?: EventErrorCode): value is EventError {
  return value instanceof EventError && (code === undefined || value.code === code);
}
