import { AsyncResource } from 'node:async_hooks';

/** One queued request as the batch runner gets it. */
export interface Claimed<Req> {
  readonly request: Req;
  /** Fires when the caller gave up; the runner checks it right before serving the request. */
  readonly signal: AbortSignal | undefined;
}

/** A request's own outcome inside a batch: one bad request does not fail the others. */
export type Settled<Res> =
  | { readonly ok: true; readonly value: Res }
  | { readonly ok: false; readonly error: unknown };

/**
 * Serves one batch of a key. It calls `claim` once, at the moment it may serve (e.g. holding
 * the key's lock), and returns one outcome per claimed request, in the same order. Throwing
 * fails every claimed request, or, if nothing was claimed yet, every request queued then.
 */
export type BatchRunner<Req, Res> = (
  key: string,
  claim: () => readonly Claimed<Req>[],
) => Promise<readonly Settled<Res>[]>;

/** Limits and answers of an {@link OrderCoalescer}. */
export interface CoalescerOptions {
  /** Most requests one key may have queued; beyond it {@link CoalescerOptions.queueFull}. */
  maxQueued: number;
  /** Most requests one claim takes; the rest wait for the next batch. */
  maxBatch: number;
  /** The error a request over the queue limit gets. */
  queueFull(key: string): Error;
  /** The error a request gets when its signal fires while it is still queued. */
  cancelled(key: string): Error;
  /** Told when a queued request is dropped because its signal fired. */
  onCancelled?(key: string): void;
}

interface Waiter<Req, Res> {
  readonly request: Req;
  readonly signal: AbortSignal | undefined;
  readonly resolve: (value: Res) => void;
  readonly reject: (error: unknown) => void;
  readonly detach: () => void;
  /** The submitter's async context (its trace among it), for the batch this request leads. */
  readonly scope: AsyncResource;
}

/**
 * Coalesces requests per key: while one batch of a key is waiting for its turn or being
 * served, requests for that key queue behind it and are served together by the next batch.
 * Knows nothing of HTTP or stock; the runner decides what a batch does.
 *
 * Ordering: a key's requests are claimed in arrival order, at most `maxBatch` at a time, and
 * one batch of a key runs at a time. Cancellation: a request whose signal fires while queued
 * is removed at once and rejected with `cancelled`; once claimed, the runner owns it.
 */
export class OrderCoalescer<Req, Res> {
  private readonly queues = new Map<string, Waiter<Req, Res>[]>();

  constructor(
    private readonly runner: BatchRunner<Req, Res>,
    private readonly options: CoalescerOptions,
  ) {}

  /** Whether `key` has a batch pending or running (so a request now would queue behind it). */
  isActive(key: string): boolean {
    return this.queues.has(key);
  }

  /** Queues `request` behind the key's current batch; resolves or rejects with its own outcome. */
  submit(key: string, request: Req, signal?: AbortSignal): Promise<Res> {
    if (signal?.aborted) return Promise.reject(this.options.cancelled(key));
    let queue = this.queues.get(key);
    const starting = queue === undefined;
    if (queue === undefined) {
      queue = [];
      this.queues.set(key, queue);
    }
    if (queue.length >= this.options.maxQueued) {
      return Promise.reject(this.options.queueFull(key));
    }
    const own = queue;
    const promise = new Promise<Res>((resolve, reject) => {
      const onAbort = () => {
        const index = own.indexOf(waiter);
        if (index < 0) return; // claimed already: the runner checks the signal itself
        own.splice(index, 1);
        this.options.onCancelled?.(key);
        reject(this.options.cancelled(key));
      };
      const waiter: Waiter<Req, Res> = {
        request,
        signal,
        resolve,
        reject,
        detach: () => signal?.removeEventListener('abort', onAbort),
        scope: new AsyncResource('OrderCoalescer.request'),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      own.push(waiter);
    });
    if (starting) void this.drain(key, own);
    return promise;
  }

  // Runs batches until the key's queue is empty, then forgets the key. The check and the
  // delete happen in one synchronous step, so a request never lands in an abandoned queue.
  private async drain(key: string, queue: Waiter<Req, Res>[]): Promise<void> {
    while (queue.length > 0) {
      let claimed: Waiter<Req, Res>[] | undefined;
      const claim = () => {
        if (claimed) throw new Error(`batch of ${key} claimed twice`);
        claimed = queue.splice(0, this.options.maxBatch);
        for (const waiter of claimed) waiter.detach();
        return claimed.map(({ request, signal }) => ({ request, signal }));
      };
      try {
        // Each batch runs in the context of the request at its head, not of whichever request
        // started the drain: its lock spans then belong to a request the batch serves.
        const head = queue[0];
        const outcomes = await (head
          ? head.scope.runInAsyncScope(() => this.runner(key, claim))
          : this.runner(key, claim));
        (claimed ?? []).forEach((waiter, i) => {
          const outcome = outcomes[i];
          if (outcome?.ok) waiter.resolve(outcome.value);
          else
            waiter.reject(outcome ? outcome.error : new Error(`no outcome for a ${key} request`));
        });
      } catch (error) {
        // Never claimed: the batch failed while waiting (lock busy, ZooKeeper down), and every
        // request queued now was waiting on that same attempt.
        const failed = claimed ?? queue.splice(0, queue.length);
        for (const waiter of failed) {
          waiter.detach();
          waiter.reject(error);
        }
      }
    }
    this.queues.delete(key);
  }
}
