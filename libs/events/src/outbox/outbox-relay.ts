import { type Kafka, Partitioners, type Producer } from 'kafkajs';
import type pg from 'pg';
import { EventError, EventErrorCode } from '../errors/index.js';
import { type EventLogger, silentLogger } from '../logger.js';
import { OutboxListener } from './outbox-listener.js';
import {
  beginClaimingOutboxBatch,
  markPublishedAndCommit,
  type OutboxRow,
  oldestUnpublishedAgeMs,
  outboxRowToMessage,
} from './outbox-store.js';

/** Options for {@link OutboxRelay}. */
export interface OutboxRelayOptions {
  /** Kafka client the relay's producer is made from. */
  kafka: Kafka;
  /** The service's database, holding the `outbox` table. */
  pool: pg.Pool;
  /**
   * Milliseconds between polls when idle or after a failure (default 500). With `listen` the
   * poll is only the safety net (a lost notification, a listener reconnecting), so it can be
   * long.
   */
  pollIntervalMs?: number;
  /**
   * Wake on the outbox channel's notifications (default true): every commit of outbox rows,
   * by any replica or code path, starts a relay round at once. Needs outboxNotifyMigrationSql
   * in the service's migrations; without it the relay just polls.
   */
  listen?: boolean;
  /**
   * One relay per database at a time (default true, with `listen`): the relays of a service's
   * replicas elect a leader through a Postgres advisory lock held on the listening connection,
   * and the others stand by, trying to take over at every poll. Without it every replica
   * hears every commit and claims, and all but one claim find nothing: three statements each.
   * The claim stays safe for relays that overlap (a leader whose connection broke while its
   * batch was in flight), so this only saves work.
   */
  exclusive?: boolean;
  /**
   * How old, in ms, the oldest unpublished row may grow before a standby relays it anyway
   * (default 2 000). A leader that is paused (SIGSTOP, a long GC, a frozen VM) keeps its
   * session and its lock; this bounds how long its service's events wait for it.
   */
  stalledLeaderMs?: number;
  /** Rows claimed per transaction (default 100). */
  batchSize?: number;
  /**
   * How long a woken relay waits before it claims, in ms (default 10), so that the commits of
   * that moment go out in one claim instead of one each. Every replica hears every commit, and
   * each claim is three statements even when another replica already took the rows.
   */
  lingerMs?: number;
  /** Where failures are reported (default: silent). */
  logger?: EventLogger;
}

/** What a relay has done so far; for tests and metrics. */
export interface RelayStats {
  /** Rows published and marked (a row re-sent after a failed commit counts again). */
  published: number;
  /** Publish or database failures; their rows stay unpublished and are retried. */
  failures: number;
  /** Claim transactions run, including those that found nothing to publish. */
  rounds: number;
}

/**
 * Publishes the outbox to Kafka, at least once and in order per key. One replica's relay
 * leads per database (see `exclusive`); each round claims a batch (FOR UPDATE SKIP LOCKED, so
 * relays that overlap share the work safely), sends it with an
 * idempotent producer (one request in flight, so a retry never reorders a partition), marks
 * it published and commits. If Kafka fails, the marks are rolled back and the rows are sent
 * again later; consumers dedupe on the event id, so a re-send has no second effect. A round
 * starts when a commit of outbox rows is notified (LISTEN), on wake(), or at the poll interval.
 */
export class OutboxRelay {
  /** Its name as a service runtime component (start, stop and a name are all one needs). */
  readonly name = 'outbox-relay';
  private readonly pool: pg.Pool;
  private readonly producer: Producer;
  private readonly pollIntervalMs: number;
  private readonly batchSize: number;
  private readonly lingerMs: number;
  private readonly logger: EventLogger;
  private readonly counters: RelayStats = { published: 0, failures: 0, rounds: 0 };
  private running = false;
  private loop: Promise<void> | undefined;
  private woken = false;
  private wakeUp: (() => void) | undefined;
  private readonly listener: OutboxListener | undefined;
  private readonly exclusive: boolean;
  private readonly stalledLeaderMs: number;
  private rescuing = false;

  constructor(options: OutboxRelayOptions) {
    this.pool = options.pool;
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
    this.batchSize = options.batchSize ?? 100;
    this.lingerMs = options.lingerMs ?? 10;
    this.logger = options.logger ?? silentLogger;
    if (
      !Number.isInteger(this.batchSize) ||
      this.batchSize < 1 ||
      this.pollIntervalMs < 0 ||
      this.lingerMs < 0
    ) {
      throw new EventError(
        EventErrorCode.InvalidArgument,
        'batchSize must be a positive integer, pollIntervalMs and lingerMs not negative',
      );
    }
    this.exclusive = options.listen !== false && options.exclusive !== false;
    this.stalledLeaderMs = options.stalledLeaderMs ?? 2_000;
    this.listener =
      options.listen === false
        ? undefined
        : new OutboxListener(options.pool, () => this.heard(), this.logger, this.exclusive);
    this.producer = options.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  /** Counters since construction; live, read-only. */
  get stats(): Readonly<RelayStats> {
    return this.counters;
  }

  /** Connects the producer (EVENT_BROKER_UNAVAILABLE if Kafka cannot be reached) and starts polling. */
  async start(): Promise<void> {
    if (this.loop !== undefined) return;
    try {
      await this.producer.connect();
    } catch (error) {
      throw new EventError(EventErrorCode.BrokerUnavailable, 'outbox relay cannot reach Kafka', {
        cause: error,
      });
    }
    await this.listener?.start();
    this.running = true;
    this.loop = this.run();
  }

  /**
   * Polls now instead of at the next interval. The outbox notification does this for every
   * commit; calling it after committing an enqueue only saves the notification's round trip.
   */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** True while this relay may relay: it leads, or relays are not exclusive. */
  get leading(): boolean {
    return !this.exclusive || this.listener?.leading === true;
  }

  /** Stops polling after the batch in flight is published (or rolled back), then disconnects. */
  async stop(): Promise<void> {
    if (this.loop === undefined) return;
    this.running = false;
    this.wake();
    await this.loop;
    this.loop = undefined;
    await this.listener?.stop();
    await this.producer.disconnect();
  }

  /** A commit was notified: only the leader acts on it; a standby waits for its poll. */
  private heard(): void {
    if (this.leading) this.wake();
  }

  /**
   * Whether to relay now. A standby tries to take the lead (one statement); failing that, it
   * relays only if the oldest unpublished row shows the leader has stalled (a second one).
   */
  private async mayRelay(): Promise<boolean> {
    if (!this.exclusive) return true;
    if ((await this.listener?.tryLead()) === true) return true;
    const age = await oldestUnpublishedAgeMs(this.pool).catch(() => undefined);
    const stalled = age !== undefined && age >= this.stalledLeaderMs;
    if (stalled !== this.rescuing) {
      this.rescuing = stalled;
      if (stalled) {
        this.logger.warn(
          { oldestUnpublishedMs: Math.round(age ?? 0) },
          'outbox relay: events wait past stalledLeaderMs (the leader is paused or overloaded); this standby relays too until they are out',
        );
      }
    }
    return stalled;
  }

  private async run(): Promise<void> {
    while (this.running) {
      if (!(await this.mayRelay())) {
        await this.idle();
        continue;
      }
      let backlog = false;
      try {
        backlog = await this.relayBatch();
      } catch (error) {
        this.counters.failures += 1;
        this.logger.error({ err: error }, 'outbox relay: batch failed; its rows will be retried');
      }
      if (!backlog && (await this.idle()) && this.lingerMs > 0 && this.running) {
        await new Promise((resolve) => setTimeout(resolve, this.lingerMs));
      }
    }
  }

  /** One claim-send-mark transaction; true when a full batch went out (more may be waiting). */
  private async relayBatch(): Promise<boolean> {
    const client = await this.pool.connect();
    let broken = false;
    this.counters.rounds += 1;
    try {
      const rows = await beginClaimingOutboxBatch(client, this.batchSize);
      const sent = await this.send(rows);
      await markPublishedAndCommit(client, sent);
      this.counters.published += sent.length;
      return rows.length === this.batchSize && sent.length > 0;
    } catch (error) {
      // A failed ROLLBACK means the connection is broken: the server drops the transaction
      // (and its row locks) with it, and release(true) keeps the pool from reusing it.
      broken = await client.query('ROLLBACK').then(
        () => false,
        () => true,
      );
      throw error;
    } finally {
      client.release(broken);
    }
  }

  /**
   * Sends the rows one topic at a time and returns the ids Kafka acknowledged. A topic that
   * fails (say, it was never created) leaves only its own rows unpublished, so it cannot hold
   * every other topic's events hostage. Its rows do stay at the head of the queue, though: if
   * more than a batch of them pile up, they fill every claim. Create topics at start-up with
   * ensureTopics so this stays a transient fault.
   */
  private async send(rows: readonly OutboxRow[]): Promise<string[]> {
    const byTopic = new Map<string, OutboxRow[]>();
    for (const row of rows) {
      const group = byTopic.get(row.topic);
      if (group === undefined) byTopic.set(row.topic, [row]);
      else group.push(row);
    }
    const sent: string[] = [];
    for (const [topic, group] of byTopic) {
      try {
        await this.producer.send({ topic, acks: -1, messages: group.map(outboxRowToMessage) });
        for (const row of group) sent.push(row.id);
      } catch (error) {
        this.counters.failures += 1;
        this.logger.error(
          { err: error, topic, rows: group.length },
          'outbox relay: publish failed; the rows stay unpublished and are retried',
        );
      }
    }
    return sent;
  }

  /** Waits for a wake-up or the poll interval; true when woken (a commit, wake(), stop()). */
  private idle(): Promise<boolean> {
    if (this.woken || !this.running) {
      this.woken = false;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const done = (woken: boolean) => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        this.woken = false;
        resolve(woken);
      };
      const timer = setTimeout(() => done(false), this.pollIntervalMs);
      this.wakeUp = () => done(true);
    });
  }
}
