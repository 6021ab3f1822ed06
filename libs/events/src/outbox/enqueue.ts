import type { EventDefinition } from '../definitions/event-definition.js';
import {
  type CreateEnvelopeOptions,
  createEnvelope,
  type EventEnvelope,
} from '../definitions/event-envelope.js';
import { eventHeaders } from '../kafka/event-codec.js';
import { injectTraceHeaders } from '../kafka/trace-headers.js';
import type { Queryable } from './queryable.js';

/** Options for {@link enqueue}. */
export type EnqueueOptions = CreateEnvelopeOptions;

const insertSql = `
INSERT INTO outbox (id, topic, key, type, version, payload, headers, created_at)
VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8)`;

/**
 * Writes an event to the outbox through `tx`, so it commits or rolls back with the caller's
 * own state change; the relay publishes it after the commit. The payload is validated first
 * (EventInvalidError, EVENT_INVALID, and nothing is written), and the active trace context is
 * saved with the row, so the consumer's span continues the trace that caused the event.
 * Call the relay's `wake()` after the commit to publish without waiting for its next poll.
 */
export async function enqueue<TType extends string, TPayload>(
  tx: Queryable,
  definition: EventDefinition<TType, TPayload>,
  payload: NoInfer<TPayload>,
  options: EnqueueOptions = {},
): Promise<EventEnvelope<TPayload, TType>> {
  const envelope = createEnvelope(definition, payload, options);
  const headers = { ...injectTraceHeaders(), ...eventHeaders(envelope) };
  await tx.query(insertSql, [
    envelope.id,
    definition.topic,
    envelope.key,
    envelope.type,
    envelope.version,
    JSON.stringify(envelope.payload),
    JSON.stringify(headers),
    envelope.occurredAt,
  ]);
  return envelope;
}
