import type { IHeaders, Message } from 'kafkajs';
import { contentDigest } from '../consumer/content-digest.js';
import type { EventCatalog } from '../definitions/event-catalog.js';
import type { EventDefinition } from '../definitions/event-definition.js';
import {
  type EnvelopeOf,
  type EventEnvelope,
  envelopeSchema,
} from '../definitions/event-envelope.js';
import { EventError, EventErrorCode, EventInvalidError } from '../errors/index.js';
import { EventHeader } from './headers.js';
import { injectTraceHeaders } from './trace-headers.js';

/** The headers naming an envelope's type, version and id. */
export function eventHeaders(envelope: EventEnvelope): Record<string, string> {
  return {
    [EventHeader.type]: envelope.type,
    [EventHeader.version]: String(envelope.version),
    [EventHeader.id]: envelope.id,
  };
}

/**
 * The Kafka message for an envelope: keyed by the envelope's key, the whole envelope as JSON
 * value, event headers plus `traceHeaders` (default: the active trace context).
 */
export function encodeEvent(
  envelope: EventEnvelope,
  traceHeaders: Record<string, string> = injectTraceHeaders(),
): Message {
  return {
    key: envelope.key,
    value: JSON.stringify(envelope),
    headers: { ...traceHeaders, ...eventHeaders(envelope) },
  };
}

/** A message decoded against a catalog: the validated envelope and the definition it matched. */
export interface DecodedEvent<D extends EventDefinition = EventDefinition> {
  /** The envelope, its payload parsed by the definition's schema. */
  event: EnvelopeOf<D>;
  /** The definition of the envelope's (type, version). */
  definition: D;
  /** SHA-256 of the type, version and payload as received (see contentDigest). */
  digest: string;
}

/**
 * Decodes a message value. Throws EventError EVENT_MALFORMED (no value, not JSON, not an
 * envelope), EVENT_UNKNOWN_TYPE (not in the catalog) or EventInvalidError (payload fails).
 */
export function decodeEvent<D extends EventDefinition>(
  message: { value: Buffer | string | null; headers?: IHeaders | undefined },
  catalog: EventCatalog<D>,
): DecodedEvent<D> {
  if (message.value === null || message.value.length === 0) {
    throw new EventError(EventErrorCode.Malformed, 'message has no value');
  }
  let json: unknown;
  try {
    json = JSON.parse(message.value.toString());
  } catch (error) {
    throw new EventError(EventErrorCode.Malformed, 'message value is not JSON', { cause: error });
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) {
    const fields = envelope.error.issues.map((issue) => issue.path.join('.') || '(value)');
    throw new EventError(
      EventErrorCode.Malformed,
      `message value is not an event envelope (bad fields: ${fields.join(', ')})`,
    );
  }
  const definition = catalog.resolve(envelope.data.type, envelope.data.version);
  const payload = definition.schema.safeParse(envelope.data.payload);
  if (!payload.success) throw EventInvalidError.fromZod(definition.type, payload.error);
  const event = { ...envelope.data, payload: payload.data } as EnvelopeOf<D>;
  const digest = contentDigest(envelope.data.type, envelope.data.version, envelope.data.payload);
  return { event, definition, digest };
}
