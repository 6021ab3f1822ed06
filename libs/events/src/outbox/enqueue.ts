import type { Context } from '@opentelemetry/api';
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
export interface EnqueueOptions extends CreateEnvelopeOptions {
  /**
   * The trace context saved with the event; default the active one. A batch served for many
   * callers passes each caller's own, so every event continues its own request's trace.
   */
  traceContext?: Context;
}

/** One event of an {@link enqueueAll} batch. */
export interface EnqueueItem<TPayload> {
  payload: TPayload;
  options?: EnqueueOptions;
}

// One array per column: the statement's size does not grow with the batch, and unnest yields
// the rows in array order, so `seq` follows the caller's order.
const insertSql = `
INSERT INTO outbox (id, topic, key, type, version, payload, headers, created_at)
SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int[], $6::jsonb[],
                     $7::jsonb[], $8::timestamptz[])`;

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
  const [envelope] = await enqueueAll(tx, definition, [{ payload, options }]);
  return envelope as EventEnvelope<TPayload, TType>;
}

/**
 * Writes several events of one definition to the outbox in ONE statement, in the given order
 * (the relay publishes them in that order): a batch of N costs one round trip instead of N.
 * Every payload is validated before anything is written, so an invalid one (EVENT_INVALID)
 * leaves the outbox untouched. Same transaction rules as {@link enqueue}.
 */
export async function enqueueAll<TType extends string, TPayload>(
  tx: Queryable,
  definition: EventDefinition<TType, TPayload>,
  items: ReadonlyArray<EnqueueItem<NoInfer<TPayload>>>,
): Promise<Array<EventEnvelope<TPayload, TType>>> {
  const envelopes = items.map(({ payload, options }) =>
    createEnvelope(definition, payload, options),
  );
  if (envelopes.length === 0) return envelopes;
  const columns: unknown[][] = [[], [], [], [], [], [], [], []];
  envelopes.forEach((envelope, i) => {
    const headers = {
      ...injectTraceHeaders(items[i]?.options?.traceContext),
      ...eventHeaders(envelope),
    };
    const row = [
      envelope.id,
      definition.topic,
      envelope.key,
      envelope.type,
      envelope.version,
      JSON.stringify(envelope.payload),
      JSON.stringify(headers),
      envelope.occurredAt,
    ];
    row.forEach((value, column) => {
      columns[column]?.push(value);
    });
  });
  await tx.query(insertSql, columns);
  return envelopes;
}
