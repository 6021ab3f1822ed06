import type { TopicPartitionOffsetAndMetadata } from 'kafkajs';
import type { EventLogger } from '../logger.js';

/** Sends one offset commit request (kafkajs' `consumer.commitOffsets`). */
export type CommitOffsets = (offsets: TopicPartitionOffsetAndMetadata[]) => Promise<void>;

/** Options for {@link OffsetCommitter}. */
export interface OffsetCommitterOptions {
  /** Sends a commit request; one is in flight at a time. */
  commit: CommitOffsets;
  /** Least time between the starts of two commit requests, in ms. */
  intervalMs: number;
  /** Where a failed commit is reported. */
  logger: EventLogger;
}

interface PartitionOffset {
  topic: string;
  partition: number;
  /** The next offset to read: every message before it is done. */
  next: bigint;
}

/**
 * Commits a consumer's offsets in the background, off the path of the messages. Each message
 * reports its offset once its effect (or dead letter) is durable; the committer sends the
 * newest offset of every partition in one request, at most one request in flight and at most
 * one per interval, so a busy consumer pays one Kafka round trip per interval instead of one
 * per message.
 *
 * Committed positions only move forward: a partition's offset is kept only if it is beyond the
 * last one sent or pending, and requests never overlap, so an older snapshot cannot land after
 * a newer one. After a rebalance, `reassigned` drops what was pending for partitions this
 * member lost (their new owner may have committed further); a failed request is put back for
 * the next one, for the partitions still held. Everything dropped is only redelivered, and
 * `processed_events` makes a redelivery a no-op: the price of committing late is a few
 * duplicates after a crash, never a lost event.
 */
export class OffsetCommitter {
  private pending = new Map<string, PartitionOffset>();
  private readonly sent = new Map<string, bigint>();
  private inFlight: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastStartedAt = Number.NEGATIVE_INFINITY;
  /** Partitions this member holds since the last rebalance (all, before the first one). */
  private assigned: ReadonlySet<string> | undefined;
  private closed = false;

  constructor(private readonly options: OffsetCommitterOptions) {}

  /** Every message of the partition before `next` is done; commit that soon. */
  done(topic: string, partition: number, next: bigint): void {
    if (this.closed) return;
    const key = keyOf(topic, partition);
    const known = this.pending.get(key)?.next ?? this.sent.get(key);
    if (known !== undefined && next <= known) return;
    this.pending.set(key, { topic, partition, next });
    this.schedule();
  }

  /**
   * A rebalance gave this member `assignment` (topic → partitions). Offsets of partitions it no
   * longer holds are dropped: another member owns them now and may have committed further.
   */
  reassigned(assignment: Readonly<Record<string, readonly number[]>>): void {
    this.assigned = new Set(
      Object.entries(assignment).flatMap(([topic, partitions]) =>
        partitions.map((partition) => keyOf(topic, partition)),
      ),
    );
    for (const key of this.pending.keys()) if (!this.assigned.has(key)) this.pending.delete(key);
    for (const key of this.sent.keys()) if (!this.assigned.has(key)) this.sent.delete(key);
  }

  /**
   * The consumer is leaving its group: sends what is pending, waits for it (and any request in
   * flight), and sends nothing more. What fails here is redelivered to the next owner.
   */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.inFlight;
    await this.send();
  }

  private holds(key: string): boolean {
    return this.assigned === undefined || this.assigned.has(key);
  }

  private schedule(): void {
    if (this.closed || this.timer !== undefined || this.inFlight !== undefined) return;
    const wait = Math.max(0, this.lastStartedAt + this.options.intervalMs - performance.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.send();
    }, wait);
  }

  private send(): Promise<void> {
    if (this.inFlight !== undefined || this.pending.size === 0)
      return this.inFlight ?? Promise.resolve();
    const batch = this.pending;
    this.pending = new Map();
    this.lastStartedAt = performance.now();
    const offsets = [...batch.values()].map(({ topic, partition, next }) => ({
      topic,
      partition,
      offset: next.toString(),
    }));
    this.inFlight = this.options
      .commit(offsets)
      .then(
        () => {
          for (const [key, { next }] of batch) if (this.holds(key)) this.sent.set(key, next);
        },
        (error: unknown) => {
          this.options.logger.warn(
            { err: error, offsets },
            'event consumer: offset commit failed; the messages are redelivered if it is not retried',
          );
          for (const [key, offset] of batch) {
            if (this.holds(key) && !this.pending.has(key)) this.pending.set(key, offset);
          }
        },
      )
      .finally(() => {
        this.inFlight = undefined;
        if (this.pending.size > 0) this.schedule();
      });
    return this.inFlight;
  }
}

function keyOf(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}
