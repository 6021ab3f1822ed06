import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { EventError, EventErrorCode, EventInvalidError } from '../errors/index.js';
import type { EventDefinition } from './event-definition.js';

/** One event as it travels: identity, type and version, when it happened, its key and payload. */
export interface EventEnvelope<TPayload = unknown, TType extends string = string> {
  /** Unique per event (uuid); consumers dedupe on it, so a redelivery has no second effect. */
  readonly id: string;
  /** The event type (see {@link EventDefinition.type}). */
  readonly type: TType;
  /** The schema version the payload follows. */
  readonly version: number;
  /** When the event happened (ISO 8601, UTC): the producer's clock at enqueue. */
  readonly occurredAt: string;
  /** The ordering key (see {@link EventDefinition.key}). */
  readonly key: string;
  /** The validated payload. */
  readonly payload: TPayload;
}

/** The envelope of any event of a definition (or of a union of definitions). */
export type EnvelopeOf<D> =
  D extends EventDefinition<infer T, infer P> ? EventEnvelope<P, T> : never;

/**
 * The shape every message value must have before its payload is even looked at. Ids are any
 * 8-4-4-4-12 hex string (what Postgres' uuid type accepts), not only RFC 9562 versions.
 */
export const envelopeSchema = z.object({
  id: z.guid(),
  type: z.string().min(1),
  version: z.number().int().positive(),
  occurredAt: z.iso.datetime({ offset: true }),
  key: z.string().min(1),
  payload: z.unknown(),
});

/** Options for {@link createEnvelope}. */
export interface CreateEnvelopeOptions {
  /** The event id; pass one derived from a business id to make a retried command idempotent. */
  id?: string;
  /** When the event happened; defaults to now. */
  occurredAt?: Date;
}

/**
 * Validates `payload` against the definition and wraps it in a new envelope. Throws
 * EventInvalidError (EVENT_INVALID) listing every issue, before anything is written anywhere.
 */
export function createEnvelope<TType extends string, TPayload>(
  definition: EventDefinition<TType, TPayload>,
  payload: NoInfer<TPayload>,
  options: CreateEnvelopeOptions = {},
): EventEnvelope<TPayload, TType> {
  const parsed = definition.schema.safeParse(payload);
  if (!parsed.success) throw EventInvalidError.fromZod(definition.type, parsed.error);
  const id = options.id ?? randomUUID();
  if (!envelopeSchema.shape.id.safeParse(id).success) {
    throw new EventError(EventErrorCode.InvalidArgument, `event id "${id}" is not a uuid`, {
      eventType: definition.type,
    });
  }
  const key = definition.key(parsed.data);
  if (typeof key !== 'string' || key === '') {
    throw new EventInvalidError(definition.type, [
      { path: '', message: 'the definition derived an empty message key from this payload' },
    ]);
  }
  return {
    id,
    type: definition.type,
    version: definition.version,
    occurredAt: (options.occurredAt ?? new Date()).toISOString(),
    key,
    payload: parsed.data,
  };
}
