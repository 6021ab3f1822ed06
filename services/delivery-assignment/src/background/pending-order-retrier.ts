import type { Component, Logger } from '@lockstep/service-kit';
import { retryNextPendingOrder } from '../use-cases/retry-pending-order.js';
import type { ServiceDeps } from '../use-cases/service-deps.js';

/** Options for {@link PendingOrderRetrier}. */
export interface PendingOrderRetrierOptions {
  deps: ServiceDeps;
  /** Pause between rounds, ms. */
  intervalMs: number;
  /** Most pending orders retried per round. */
  batchSize: number;
}

/**
 * Retries pending orders whose backoff has passed, every `intervalMs`, on every replica (not
 * elected: each order is retried under its own row lock, see retryNextPendingOrder, so replicas
 * share the work instead of waiting for a leader).
 */
export class PendingOrderRetrier implements Component {
  /** Component name in logs and readiness. */
  readonly name = 'pending-order-retrier';
  private readonly log: Logger;
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private stopping = false;

  constructor(private readonly options: PendingOrderRetrierOptions) {
    this.log = options.deps.logger.child({ component: this.name });
  }

  /** Schedules the first round. */
  start(): void {
    this.stopping = false;
    this.schedule();
  }

  /** Lets the round in flight finish its current order, then stops scheduling. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    await this.round;
  }

  /** One round: retries due orders until none is left or the batch is done. */
  private async retryDueOrders(): Promise<void> {
    let assigned = 0;
    for (let i = 0; i < this.options.batchSize && !this.stopping; i++) {
      const outcome = await retryNextPendingOrder(this.options.deps, this.log);
      if (outcome === 'idle') break;
      if (outcome === 'assigned') assigned += 1;
    }
    if (assigned > 0) this.options.deps.wakeRelay();
  }

  private schedule(): void {
    if (this.stopping) return;
    this.timer = setTimeout(() => {
      this.round = this.retryDueOrders()
        .catch((error: unknown) => {
          // Only the claim itself failed (the database is unreachable, say): nothing changed,
          // and the next round tries again; an outage must not stop the loop for good.
          this.log.error({ err: error }, 'pending-order retry round failed');
        })
        .finally(() => this.schedule());
    }, this.options.intervalMs);
  }
}
