import type { z } from 'zod';
import { EventError, EventErrorCode } from '../errors/index.js';

/**
 * A versioned event type: the topic it travels on, the key that orders it, and the schema
 * its payload must satisfy on produce and on consume. Schemas should be plain (no transforms):
 * both sides parse the same payload, so parsing must be idempotent.
 */
export interface EventDefinition<TType extends string = string, TPayload = unknown> {
  /** Dotted name, `<entity>.<past participle>` (e.g. `payment.requested`). */
  readonly type: TType;
  /** Schema version; a breaking change gets a new definition, the old one stays for consumers. */
  readonly version: number;
  /** Kafka topic the event is published to; its dead letters go to `<topic>.dlq`. */
  readonly topic: string;
  /** The schema every payload is validated against. */
  readonly schema: z.ZodType<TPayload>;
  /**
   * The message key: the entity whose events must stay in order. Kafka keeps one key on one
   * partition, and consumers process a partition in order, so this is the ordering unit.
   */
  key(payload: TPayload): string;
}

/** The payload type of a definition (or of a union of definitions). */
export type PayloadOf<D> = D extends EventDefinition<string, infer P> ? P : never;

/** What {@link defineEvent} takes: a definition whose `key` is typed from its schema. */
export interface EventSpec<TType extends string, TSchema extends z.ZodType> {
  /** See {@link EventDefinition.type}. */
  type: TType;
  /** See {@link EventDefinition.version}. */
  version: number;
  /** See {@link EventDefinition.topic}. */
  topic: string;
  /** See {@link EventDefinition.schema}. */
  schema: TSchema;
  /** See {@link EventDefinition.key}. */
  key: (payload: z.output<TSchema>) => string;
}

/** Suffix of every dead-letter topic; reserved so an event can never be published to one. */
export const deadLetterSuffix = '.dlq';

/**
 * Declares an event type. Checks the spec once, at module load, so a typo in a version or
 * topic fails the service's start-up instead of its first publish.
 */
export function defineEvent<const TType extends string, TSchema extends z.ZodType>(
  spec: EventSpec<TType, TSchema>,
): EventDefinition<TType, z.output<TSchema>> {
  if (!/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/.test(spec.type)) {
    throw new EventError(
      EventErrorCode.InvalidArgument,
      `event type "${spec.type}" must be dotted lower-case words, e.g. "payment.requested"`,
    );
  }
  if (!Number.isInteger(spec.version) || spec.version < 1) {
    throw new EventError(
      EventErrorCode.InvalidArgument,
      `event "${spec.type}" version must be a positive integer, got ${spec.version}`,
      { eventType: spec.type },
    );
  }
  if (spec.topic === '' || spec.topic.endsWith(deadLetterSuffix)) {
    throw new EventError(
      EventErrorCode.InvalidArgument,
      `event "${spec.type}" topic must be non-empty and not end with "${deadLetterSuffix}"`,
      { eventType: spec.type },
    );
  }
  const key = spec.key;
  return Object.freeze({
    type: spec.type,
    version: spec.version,
    topic: spec.topic,
    schema: spec.schema as z.ZodType<z.output<TSchema>>,
    key: (payload: z.output<TSchema>) => key(payload),
  });
}
