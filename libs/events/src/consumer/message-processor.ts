import { type Span, SpanStatusCode } from '@opentelemetry/api';
import type { EachMessagePayload } from 'kafkajs';
import type pg from 'pg';
import type { EventCatalog } from '../definitions/event-catalog.js';
import type { EventDefinition } from '../definitions/event-definition.js';
import type { EnvelopeOf } from '../definitions/event-envelope.js';
import { EventErrorCode, isEventError } from '../errors/index.js';
import { type DecodedEvent, decodeEvent } from '../kafka/event-codec.js';
import type { EventLogger } from '../logger.js';
import { pause, retryDelayMs } from './backoff.js';
import { recordDeadLetter } from './consumer-metrics.js';
import type { DeadLetterPublisher, DeadLetterReason } from './dead-letter-publisher.js';
import type { EventHandler, EventHandlers } from './event-handler.js';
import { traceProcessing } from './process-span.js';
import { runOnce } from './run-once.js';

/** What a consumer has done so far; for tests and metrics. */
export interface ConsumerStats {
  /** Events whose handler ran and committed. */
  processed: number;
  /** Deliveries skipped because the event was already processed. */
  duplicates: number;
  /** Handler failures that were retried. */
  retries: number;
  /** Messages sent to the dead-letter topic. */
  deadLettered: number;
  /** Valid events of a type this consumer has no handler for, or not relevant to it (topics are shared). */
  ignored: number;
}

/** Everything the processor needs; built by EventConsumer from its options. */
export interface ProcessorConfig<D extends EventDefinition> {
  /** Database for the dedupe-and-effect transaction. */
  pool: pg.Pool;
  /** Consumer group, for span attributes. */
  groupId: string;
  /** Dedupe namespace in `processed_events`. */
  consumerName: string;
  /** Definitions messages are decoded against. */
  catalog: EventCatalog<D>;
  /** Handlers by event type. */
  handlers: EventHandlers<D>;
  /** False for a valid event that concerns another consumer: acknowledged, nothing run. */
  relevant: (event: EnvelopeOf<D>) => boolean;
  /** Handler runs per message before it is dead-lettered. */
  maxAttempts: number;
  /** First retry delay in ms, doubled per retry. */
  backoffMs: number;
  /** Cap on one retry delay in ms. */
  maxBackoffMs: number;
  /** How often to heartbeat while waiting, in ms (the consumer's heartbeat interval). */
  heartbeatIntervalMs: number;
  /** Where given-up messages go. */
  deadLetters: DeadLetterPublisher;
  /** Where retries and dead letters are reported. */
  logger: EventLogger;
  /** The consumer's counters, updated in place. */
  stats: ConsumerStats;
  /** Aborts when the consumer stops: waits end early and the message is left uncommitted. */
  signal: AbortSignal;
}

/** Runs a delivery's after-commit callbacks; one that throws must not undo the commit. */
function runCommitted(callbacks: ReadonlyArray<() => void>, logger: EventLogger): void {
  for (const callback of callbacks) {
    try {
      callback();
    } catch (error) {
      logger.warn({ err: error }, 'event consumer: an after-commit callback failed');
    }
  }
}

/**
 * Why an error ends a message's attempts at once, or undefined when a retry may help: the
 * event does not match the consumer's records, reuses a processed id with other content, the
 * handler said retrying cannot help, or it tried to emit an invalid event.
 */
function finalReason(error: unknown): DeadLetterReason | undefined {
  if (isEventError(error, EventErrorCode.Mismatch)) return 'mismatch';
  if (isEventError(error, EventErrorCode.IdConflict)) return 'id-conflict';
  if (
    isEventError(error, EventErrorCode.NonRetryable) ||
    isEventError(error, EventErrorCode.Invalid)
  )
    return 'non-retryable';
  return undefined;
}

/**
 * One message's path through a consumer: decode, dedupe-and-handle in one transaction,
 * bounded retries, dead letter. `process` resolves true when the offset may be committed
 * (the message is done, one way or another) and false when the consumer is stopping and
 * left it unfinished; nothing was committed for it, so the next owner redelivers it.
 */
export class MessageProcessor<D extends EventDefinition> {
  constructor(private readonly config: ProcessorConfig<D>) {}

  /** Processes one message; see the class comment for what the result means. */
  async process(payload: EachMessagePayload): Promise<boolean> {
    if (this.config.signal.aborted) return false;
    let decoded: DecodedEvent<D>;
    try {
      decoded = decodeEvent(payload.message, this.config.catalog);
    } catch (error) {
      const reason = isEventError(error, EventErrorCode.UnknownType) ? 'unknown-type' : 'invalid';
      return this.deadLetter(payload, reason, error, 0);
    }
    const handlers = this.config.handlers as Record<
      string,
      EventHandler<EnvelopeOf<D>> | undefined
    >;
    const handler = handlers[decoded.event.type];
    if (handler === undefined || !this.config.relevant(decoded.event)) {
      this.config.stats.ignored += 1;
      return true;
    }
    const { topic, partition, message } = payload;
    return traceProcessing(
      {
        event: decoded.event,
        topic,
        partition,
        offset: message.offset,
        headers: message.headers,
        groupId: this.config.groupId,
      },
      (span) => this.handle(payload, decoded, handler, span),
    );
  }

  private async handle(
    payload: EachMessagePayload,
    decoded: DecodedEvent<D>,
    handler: EventHandler<EnvelopeOf<D>>,
    span: Span,
  ): Promise<boolean> {
    const { stats, maxAttempts, backoffMs, maxBackoffMs, logger } = this.config;
    const { event, digest } = decoded;
    const once = { id: event.id, type: event.type, digest };
    const { topic, partition, message } = payload;
    const where = { topic, partition, offset: message.offset, eventId: event.id, type: event.type };
    let attempt = 0;
    let storeFailures = 0;
    for (;;) {
      attempt += 1;
      const committed: Array<() => void> = [];
      const delivery = {
        topic,
        partition,
        offset: message.offset,
        attempt,
        headers: message.headers ?? {},
        afterCommit: (callback: () => void) => {
          committed.push(callback);
        },
      };
      try {
        const outcome = await runOnce(this.config.pool, this.config.consumerName, once, (tx) =>
          handler(event, tx, delivery),
        );
        if (outcome === 'duplicate') stats.duplicates += 1;
        else {
          stats.processed += 1;
          runCommitted(committed, logger);
        }
        span.setAttributes({
          'lockstep.event.outcome': outcome,
          'lockstep.event.attempts': attempt,
        });
        return true;
      } catch (error) {
        if (isEventError(error, EventErrorCode.StoreUnavailable)) {
          // The handler never ran, so this is not one of its attempts: wait for Postgres for as
          // long as it takes. Dead-lettering during an outage would empty the topic into the DLQ.
          attempt -= 1;
          storeFailures += 1;
          logger.warn({ ...where, err: error }, 'event consumer: Postgres unavailable; retrying');
          if (!(await this.wait(retryDelayMs(storeFailures, backoffMs, maxBackoffMs), payload))) {
            return false;
          }
          continue;
        }
        const final = finalReason(error);
        if (final !== undefined || attempt >= maxAttempts) {
          span.recordException(error instanceof Error ? error : String(error));
          span.setStatus({ code: SpanStatusCode.ERROR });
          span.setAttributes({
            'lockstep.event.outcome': 'dead-lettered',
            'lockstep.event.attempts': attempt,
          });
          return this.deadLetter(payload, final ?? 'handler-failed', error, attempt);
        }
        stats.retries += 1;
        logger.warn({ ...where, attempt, err: error }, 'event consumer: handler failed; retrying');
        // Waiting here, in the partition's only worker, is what keeps later events of the same
        // key behind this one.
        if (!(await this.wait(retryDelayMs(attempt, backoffMs, maxBackoffMs), payload))) {
          return false;
        }
      }
    }
  }

  /** Publishes a dead letter, retrying Kafka failures until it lands or the consumer stops. */
  private async deadLetter(
    payload: EachMessagePayload,
    reason: DeadLetterReason,
    error: unknown,
    attempts: number,
  ): Promise<boolean> {
    const { stats, logger, backoffMs, maxBackoffMs } = this.config;
    const { topic, partition, message } = payload;
    const where = { topic, partition, offset: message.offset, reason, attempts };
    for (let failures = 1; ; failures++) {
      try {
        await this.config.deadLetters.publish({
          topic,
          partition,
          message,
          reason,
          error,
          attempts,
          consumer: this.config.consumerName,
        });
        stats.deadLettered += 1;
        recordDeadLetter(topic, reason);
        logger.warn({ ...where, err: error }, 'event consumer: message dead-lettered');
        return true;
      } catch (publishError) {
        logger.error(
          { ...where, err: publishError },
          'event consumer: dead-letter publish failed; retrying',
        );
        if (!(await this.wait(retryDelayMs(failures, backoffMs, maxBackoffMs), payload))) {
          return false;
        }
      }
    }
  }

  /**
   * Waits `ms`, heartbeating every interval: kafkajs only heartbeats between messages, so a
   * backoff longer than the session timeout would otherwise get this member evicted and its
   * partition reassigned mid-retry. False when the consumer stops first. A heartbeat that
   * reports a rebalance throws out of eachMessage: kafkajs rejoins, and since nothing of this
   * message was committed, its next owner redelivers it.
   */
  private async wait(ms: number, payload: EachMessagePayload): Promise<boolean> {
    const until = Date.now() + ms;
    for (;;) {
      const left = until - Date.now();
      if (left <= 0) return true;
      const slice = Math.min(left, this.config.heartbeatIntervalMs);
      if (!(await pause(slice, this.config.signal))) return false;
      await payload.heartbeat();
    }
  }
}
