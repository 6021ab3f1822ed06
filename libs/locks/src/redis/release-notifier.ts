import { Redis } from 'ioredis';
import { sleep } from '../clock.js';
import {
  closeClient,
  connectQuietly,
  failFastOptions,
  type RedisNodeOptions,
} from './redis-nodes.js';

/**
 * One waiter's view of a resource's release channel. Wake-ups are remembered between
 * {@link arm} and {@link wait}, so a release published while an attempt was in flight is not
 * lost: the next wait returns at once and the waiter retries.
 */
export interface ReleaseWaiter {
  /** Forgets earlier wake-ups; call right before sending each attempt. */
  arm(): void;
  /** Resolves on a release since the last arm(), after `ms`, or when `signal` aborts. */
  wait(ms: number, signal?: AbortSignal): Promise<void>;
  /** Stops listening; the last waiter on a resource unsubscribes its channel. */
  close(): void;
}

class ChannelWaiter implements ReleaseWaiter {
  /** Whether a release arrived since the last arm(). */
  woken = false;
  private wake: (() => void) | undefined;

  constructor(private readonly onClose: (waiter: ChannelWaiter) => void) {}

  notify(): void {
    this.woken = true;
    this.wake?.();
  }

  arm(): void {
    this.woken = false;
  }

  wait(ms: number, signal?: AbortSignal): Promise<void> {
    if (this.woken || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', finish);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(finish, ms);
      signal?.addEventListener('abort', finish, { once: true });
      this.wake = finish;
    });
  }

  close(): void {
    this.wake?.();
    this.onClose(this);
  }
}

interface Channel {
  waiters: Set<ChannelWaiter>;
  subscribed: Promise<unknown>;
}

/**
 * Release notifications for waiters: one subscriber connection per node, opened on the first
 * wait and shared by every resource this lock waits on (multiplexed by channel name). A channel
 * is subscribed while at least one local waiter needs it; local waiters queue in arrival order
 * and a release wakes the oldest. Subscribing is best effort and bounded: a node that is down
 * or slow only costs its notifications, and the waiters' jittered polling covers for them.
 */
export class ReleaseNotifier {
  private subscribers: Redis[] | undefined;
  private connected: Promise<unknown> | undefined;
  private readonly channels = new Map<string, Channel>();

  constructor(
    private readonly addresses: readonly string[],
    private readonly options: RedisNodeOptions,
  ) {}

  /**
   * Starts listening on `channel` and resolves once the subscription is acknowledged (or its
   * bounded wait ran out). Releases published after that are seen; the caller must retry once
   * after listening, because a release between its last attempt and now was not.
   */
  async listen(channel: string): Promise<ReleaseWaiter> {
    let entry = this.channels.get(channel);
    if (entry === undefined) {
      entry = { waiters: new Set(), subscribed: this.subscribe(channel) };
      this.channels.set(channel, entry);
    }
    const waiter = new ChannelWaiter((w) => this.forget(channel, w));
    // Registered before the subscription is confirmed, so no message after the ack is missed.
    entry.waiters.add(waiter);
    await entry.subscribed;
    return waiter;
  }

  /** Whether callers of this client are waiting for a release on `channel`. */
  hasWaiters(channel: string): boolean {
    return this.channels.has(channel);
  }

  /** Closes the subscriber connections; waiters still waiting fall back to polling. */
  async close(): Promise<void> {
    const subscribers = this.subscribers ?? [];
    this.subscribers = [];
    await this.connected;
    await Promise.all(subscribers.map((s) => closeClient(s, this.options.connectTimeoutMs)));
  }

  private async subscribe(channel: string): Promise<void> {
    const subscribers = this.openSubscribers();
    await this.connected;
    const acks = Promise.allSettled(subscribers.map((s) => s.subscribe(channel)));
    await Promise.race([acks, sleep(this.options.nodeTimeoutMs)]);
  }

  /**
   * One release frees the lock for one new holder, so only the longest-waiting local waiter
   * is woken: waking all would make them collide on the nodes (a herd) and split the votes.
   * With N nodes a release arrives N times; each copy goes to the oldest waiter again, which
   * then retries at once if its attempt raced the slower nodes' deletes.
   */
  private wakeOldest(channel: string): void {
    const oldest = this.channels.get(channel)?.waiters.values().next();
    if (oldest && !oldest.done) oldest.value.notify();
  }

  private forget(channel: string, waiter: ChannelWaiter): void {
    const entry = this.channels.get(channel);
    if (entry === undefined || !entry.waiters.delete(waiter)) return;
    // A waiter leaving with an unconsumed wake-up (gave up, or won anyway) hands it on, so the
    // release it heard still reaches someone who can use it.
    if (waiter.woken) this.wakeOldest(channel);
    if (entry.waiters.size > 0) return;
    this.channels.delete(channel);
    for (const subscriber of this.subscribers ?? []) {
      // Commands on one connection run in order, so a later SUBSCRIBE of the same channel
      // wins over this UNSUBSCRIBE. Failing to unsubscribe only costs ignored messages.
      subscriber.unsubscribe(channel).catch(() => undefined);
    }
  }

  private openSubscribers(): Redis[] {
    if (this.subscribers === undefined) {
      const subscribers = this.addresses.map((address) => {
        // ioredis re-subscribes every acknowledged channel after a reconnect by itself.
        const subscriber = new Redis(failFastOptions(address, this.options));
        subscriber.on('message', (channel: string) => this.wakeOldest(channel));
        return subscriber;
      });
      this.subscribers = subscribers;
      this.connected = Promise.all(subscribers.map(connectQuietly));
    }
    return this.subscribers;
  }
}
