import type { IHeaders } from 'kafkajs';
import type pg from 'pg';
import type { EventDefinition } from '../definitions/event-definition.js';
import type { EnvelopeOf } from '../definitions/event-envelope.js';

/** Where a message came from and which attempt at it this is. */
export interface EventDelivery {
  /** Topic the message was read from. */
  readonly topic: string;
  /** Partition the message was read from. */
  readonly partition: number;
  /** The message's offset (a decimal string, as kafkajs reports it). */
  readonly offset: string;
  /** 1 on the first try, up to the consumer's maxAttempts. */
  readonly attempt: number;
  /** The message's raw headers (trace context, event headers). */
  readonly headers: IHeaders;
  /**
   * Runs `callback` once this attempt's transaction has committed, never if it rolls back
   * (a retry gets a fresh delivery). For what must count a committed effect exactly once,
   * like a saga outcome metric. A callback that throws is ignored: the effect is committed.
   */
  afterCommit(callback: () => void): void;
}

/**
 * Applies one event. Runs inside the consumer's transaction `tx`, which also records the
 * event id as processed: write the effect through `tx` and it commits exactly once. Throw to
 * roll back and retry; throw NonRetryableError (or EventMismatchError, for an event that
 * does not match our records) to dead-letter at once.
 */
export type EventHandler<E> = (
  event: E,
  tx: pg.PoolClient,
  delivery: EventDelivery,
) => Promise<void>;

/**
 * Handlers by event type. A handler receives every catalogued version of its type, so its
 * event is a union over versions; types without a handler are skipped (topics are shared).
 */
export type EventHandlers<D extends EventDefinition> = {
  [T in D['type']]?: EventHandler<EnvelopeOf<Extract<D, { readonly type: T }>>>;
};
