import type { IHeaders } from 'kafkajs';

/**
 * Header names every event message carries besides the W3C trace context (`traceparent`,
 * `tracestate`). They repeat what the value holds so tools can route and filter without
 * parsing JSON; the value stays the source of truth.
 */
export const EventHeader = {
  /** The event type. */
  type: 'event-type',
  /** The schema version, as a decimal string. */
  version: 'event-version',
  /** The event id (uuid). */
  id: 'event-id',
} as const;

/** Headers added to a message when it is dead-lettered; the original headers are kept. */
export const DeadLetterHeader = {
  /** Why: see {@link DeadLetterReason}. */
  reason: 'dlq-reason',
  /** The last error's message. */
  error: 'dlq-error',
  /** The last error's `code`, when it had a string one (EVENT_INVALID, a domain code, ...). */
  errorCode: 'dlq-error-code',
  /** How many times the handler ran (0 when the message never reached it). */
  attempts: 'dlq-attempts',
  /** The consumer (dedupe namespace) that gave up on the message. */
  consumer: 'dlq-consumer',
  /** Where the message came from, so it can be replayed or inspected. */
  originalTopic: 'dlq-original-topic',
  /** The original partition, as a decimal string. */
  originalPartition: 'dlq-original-partition',
  /** The original offset, as a decimal string. */
  originalOffset: 'dlq-original-offset',
  /** When the consumer gave up (ISO 8601). */
  failedAt: 'dlq-failed-at',
} as const;

/** The first value of a header as text; kafkajs hands consumers Buffers, producers strings. */
export function headerText(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}
