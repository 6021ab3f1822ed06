import type { Consumer, Kafka } from 'kafkajs';
import type pg from 'pg';
import type { EventCatalog } from '../definitions/event-catalog.js';
import type { EventDefinition } from '../definitions/event-definition.js';
import type { EnvelopeOf } from '../definitions/event-envelope.js';
import { EventError, EventErrorCode } from '../errors/index.js';
import { type EventLogger, silentLogger } from '../logger.js';
import { initDeadLetterSeries } from './consumer-metrics.js';
import { DeadLetterPublisher } from './dead-letter-publisher.js';
import type { EventHandlers } from './event-handler.js';
import { InFlight } from './in-flight.js';
import { type ConsumerStats, MessageProcessor } from './message-processor.js';
import { OffsetCommitter } from './offset-committer.js';

/** Options for {@link EventConsumer}. */
export interface EventConsumerOptions<D extends EventDefinition> {
  /** Kafka client the consumer (and its dead-letter producer) are made from. */
  kafka: Kafka;
  /** The service's database, holding `processed_events` and whatever the handlers write. */
  pool: pg.Pool;
  /** Kafka consumer group; replicas of one service share it and split the partitions. */
  groupId: string;
  /** Its name as a service runtime component, in logs (default `event-consumer`). */
  name?: string;
  /** Dedupe namespace in `processed_events` (default: the group id). */
  consumerName?: string;
  /** Definitions to decode with; a (type, version) missing here is dead-lettered. */
  catalog: EventCatalog<D>;
  /** Handlers by event type; the topics of these types are subscribed. */
  handlers: EventHandlers<D>;
  /**
   * Whether an event concerns this consumer at all (default: every event with a handler). One
   * that does not is acknowledged without a transaction, a dedupe record or a span, and
   * counted as ignored: a topic shared by several sagas carries the others' events too.
   */
  relevant?: (event: EnvelopeOf<D>) => boolean;
  /** Handler runs per message before it is dead-lettered (default 5). */
  maxAttempts?: number;
  /** First retry delay in ms, doubled per retry (default 100). */
  backoffMs?: number;
  /** Cap on one retry delay in ms (default 10 000). */
  maxBackoffMs?: number;
  /** Where a new group starts: the earliest retained message (default true) or only new ones. */
  fromBeginning?: boolean;
  /** Partitions processed in parallel; order holds within each (default 1). */
  partitionsConsumedConcurrently?: number;
  /** Kafka session timeout in ms (default 10 000). */
  sessionTimeout?: number;
  /** Kafka heartbeat interval in ms (default 1 000). */
  heartbeatInterval?: number;
  /**
   * Longest an idle fetch waits at the broker, in ms (default 1 000). stop() waits for the
   * fetch in flight, so this bounds shutdown time; data is returned as soon as it arrives.
   */
  maxWaitTimeInMs?: number;
  /**
   * Least time between two offset commit requests, in ms (default 100). Offsets are committed
   * in the background once their effects are durable; a crash redelivers at most this much
   * more, and redeliveries are deduplicated.
   */
  commitIntervalMs?: number;
  /** How long start() waits to join the group, in ms (default 30 000). */
  joinTimeoutMs?: number;
  /** Where retries and dead letters are reported (default: silent). */
  logger?: EventLogger;
}

/**
 * An idempotent Kafka consumer. Each message is decoded and validated (failures go to the
 * dead-letter topic at once), then handled in one Postgres transaction with its dedupe
 * record, retried with exponential backoff up to maxAttempts, and dead-lettered after that.
 * An offset is committed only after the effect (or the dead letter) of its message is safe, in
 * the background and for many messages at once (OffsetCommitter), so a crash at any point means
 * a redelivery, and a redelivery means no second effect.
 */
export class EventConsumer<D extends EventDefinition = EventDefinition> {
  /** Its name as a service runtime component (it has start and stop as well). */
  readonly name: string;
  /** Topics this consumer subscribes to: those of the event types it has handlers for. */
  readonly topics: readonly string[];
  private readonly options: EventConsumerOptions<D>;
  private readonly counters: ConsumerStats = {
    processed: 0,
    duplicates: 0,
    retries: 0,
    deadLettered: 0,
    ignored: 0,
  };
  private running:
    | {
        consumer: Consumer;
        deadLetters: DeadLetterPublisher;
        committer: OffsetCommitter;
        inFlight: InFlight;
        stop: AbortController;
      }
    | undefined;

  constructor(options: EventConsumerOptions<D>) {
    this.options = options;
    this.name = options.name ?? 'event-consumer';
    const maxAttempts = options.maxAttempts ?? 5;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
      throw new EventError(
        EventErrorCode.InvalidArgument,
        `maxAttempts must be a positive integer, got ${maxAttempts}`,
      );
    }
    const types = Object.keys(options.handlers);
    const known = new Set(options.catalog.definitions.map((definition) => definition.type));
    const unknown = types.filter((type) => !known.has(type));
    if (unknown.length > 0) {
      // A handler for a type the catalog lacks could never run: almost certainly a typo.
      throw new EventError(
        EventErrorCode.InvalidArgument,
        `handlers for types not in the catalog: ${unknown.join(', ')}`,
      );
    }
    if (types.length === 0) {
      throw new EventError(
        EventErrorCode.InvalidArgument,
        'an event consumer needs at least one handler',
      );
    }
    this.topics = options.catalog.topics(types);
  }

  /** Counters since construction; live, read-only. */
  get stats(): Readonly<ConsumerStats> {
    return this.counters;
  }

  /**
   * Connects, subscribes and resolves once the group is joined (partitions assigned), so
   * anything produced afterwards is consumed. EVENT_BROKER_UNAVAILABLE if that fails in time.
   */
  async start(): Promise<void> {
    if (this.running !== undefined) return;
    const { kafka, groupId } = this.options;
    const heartbeatInterval = this.options.heartbeatInterval ?? 1_000;
    const consumer = kafka.consumer({
      groupId,
      sessionTimeout: this.options.sessionTimeout ?? 10_000,
      heartbeatInterval,
      maxWaitTimeInMs: this.options.maxWaitTimeInMs ?? 1_000,
      allowAutoTopicCreation: false,
    });
    const deadLetters = new DeadLetterPublisher(kafka);
    initDeadLetterSeries(this.topics);
    const stop = new AbortController();
    const logger = this.options.logger ?? silentLogger;
    const committer = new OffsetCommitter({
      commit: (offsets) => consumer.commitOffsets(offsets),
      intervalMs: this.options.commitIntervalMs ?? 100,
      logger,
    });
    const inFlight = new InFlight();
    this.running = { consumer, deadLetters, committer, inFlight, stop };
    const processor = new MessageProcessor<D>({
      pool: this.options.pool,
      groupId,
      consumerName: this.options.consumerName ?? groupId,
      catalog: this.options.catalog,
      handlers: this.options.handlers,
      relevant: this.options.relevant ?? (() => true),
      maxAttempts: this.options.maxAttempts ?? 5,
      backoffMs: this.options.backoffMs ?? 100,
      maxBackoffMs: this.options.maxBackoffMs ?? 10_000,
      heartbeatIntervalMs: heartbeatInterval,
      deadLetters,
      logger,
      stats: this.counters,
      signal: stop.signal,
    });
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      committer.reassigned(payload.memberAssignment);
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      logger.error({ err: payload.error, restart: payload.restart }, 'event consumer crashed');
    });
    try {
      await deadLetters.connect();
      await consumer.connect();
      await consumer.subscribe({
        topics: [...this.topics],
        fromBeginning: this.options.fromBeginning ?? true,
      });
      const joined = this.waitForJoin(consumer);
      await consumer.run({
        autoCommit: false,
        partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
        eachMessage: (payload) =>
          inFlight.track(async () => {
            if (!(await processor.process(payload))) return;
            committer.done(payload.topic, payload.partition, BigInt(payload.message.offset) + 1n);
          }),
      });
      await joined;
    } catch (error) {
      await this.stop();
      if (error instanceof EventError) throw error;
      throw new EventError(
        EventErrorCode.BrokerUnavailable,
        `consumer group "${groupId}" could not start`,
        { cause: error },
      );
    }
  }

  /**
   * Stops consuming: the message in flight finishes (its handler is never interrupted),
   * a retry backoff in progress is cut short and its message left uncommitted for the next
   * owner (nothing of it was committed), the offsets of everything done are committed, then
   * the group is left and connections closed.
   */
  async stop(): Promise<void> {
    const running = this.running;
    if (running === undefined) return;
    this.running = undefined;
    running.stop.abort();
    try {
      // Messages arriving from here on return at once, unprocessed and unrecorded.
      await running.inFlight.drained();
      await running.committer.close();
      await running.consumer.disconnect();
    } finally {
      await running.deadLetters.disconnect();
    }
  }

  private waitForJoin(consumer: Consumer): Promise<void> {
    const timeoutMs = this.options.joinTimeoutMs ?? 30_000;
    return new Promise((resolve, reject) => {
      const removers: Array<() => void> = [];
      const settle = (error?: EventError) => {
        clearTimeout(timer);
        for (const remove of removers) remove();
        if (error === undefined) resolve();
        else reject(error);
      };
      const timer = setTimeout(
        () =>
          settle(
            new EventError(
              EventErrorCode.BrokerUnavailable,
              `no group join within ${timeoutMs} ms`,
            ),
          ),
        timeoutMs,
      );
      removers.push(consumer.on(consumer.events.GROUP_JOIN, () => settle()));
      removers.push(
        consumer.on(consumer.events.CRASH, ({ payload }) => {
          // A crash kafkajs restarts from may still join; only a final one ends the wait.
          if (!payload.restart) {
            settle(
              new EventError(EventErrorCode.BrokerUnavailable, 'consumer crashed while joining', {
                cause: payload.error,
              }),
            );
          }
        }),
      );
    });
  }
}
