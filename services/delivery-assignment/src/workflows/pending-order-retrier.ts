import { orderConfirmed } from '@lockstep/contracts';
import { type Component, type Logger, withTransaction } from '@lockstep/service-kit';
import type pg from 'pg';
import {
  claimDuePendingOrder,
  type PendingOrder,
  postponePendingOrder,
  removePendingOrder,
} from '../db/pending-orders.js';
import { pendingRetryDelayMs } from '../domain/retry-schedule.js';
import { deliveryMetrics } from '../telemetry/delivery-metrics.js';
import { assignToNearestPartner } from './assign-order.js';
import type { WorkflowContext } from './workflow-context.js';

/** Options for {@link PendingOrderRetrier}. */
export interface PendingOrderRetrierOptions {
  pool: pg.Pool;
  ctx: WorkflowContext;
  /** Pause between rounds, ms. */
  intervalMs: number;
  /** Most pending orders retried per round. */
  batchSize: number;
}

type RetryOutcome = 'idle' | 'assigned' | 'still-pending';

/**
 * Retries pending orders whose backoff has passed, every `intervalMs`, on every replica. Each
 * order is retried in its own transaction that holds the order's pending row with
 * `FOR UPDATE SKIP LOCKED`: two replicas never retry the same order at once, never wait for
 * each other, and a replica that dies mid-retry just lets its row lock go with its connection.
 * One order per transaction also means a transaction holds at most one partner row lock, so
 * retries cannot deadlock each other or the consumer.
 */
export class PendingOrderRetrier implements Component {
  /** Component name in logs and readiness. */
  readonly name = 'pending-order-retrier';
  private readonly log: Logger;
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private stopping = false;

  constructor(private readonly options: PendingOrderRetrierOptions) {
    this.log = options.ctx.logger.child({ component: this.name });
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
      const outcome = await this.retryNextDue();
      if (outcome === 'idle') break;
      if (outcome === 'assigned') assigned += 1;
    }
    if (assigned > 0) this.options.ctx.wakeRelay();
  }

  /**
   * Retries the next due order in a transaction of its own. If that retry fails, the order is
   * postponed in a second transaction, so an order whose retry keeps failing backs off instead
   * of coming first in every round and starving the orders behind it.
   */
  private async retryNextDue(): Promise<RetryOutcome> {
    let claimed: PendingOrder | undefined;
    try {
      const outcome = await withTransaction(this.options.pool, async (tx) => {
        claimed = await claimDuePendingOrder(tx);
        return claimed === undefined ? 'idle' : this.retry(tx, claimed);
      });
      // Counted after the commit, like the consumer's first-try assignments.
      if (outcome === 'assigned') deliveryMetrics.sagaOutcome('delivery', 'assigned');
      return outcome;
    } catch (error) {
      const failed = claimed;
      if (failed === undefined) throw error;
      this.log.error({ err: error, orderId: failed.orderId }, 'retry failed; order postponed');
      await withTransaction(this.options.pool, (tx) => this.postpone(tx, failed));
      return 'still-pending';
    }
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

  private async retry(tx: pg.PoolClient, pending: PendingOrder): Promise<RetryOutcome> {
    const { ctx } = this.options;
    const payload = orderConfirmed.schema.safeParse(pending.payload);
    if (!payload.success) {
      // Only a hand-edited row can get here (payloads are validated on the way in). It stays
      // for an operator to fix, backing off like any other, and is logged at each retry.
      this.log.error({ orderId: pending.orderId }, 'pending order has an unreadable payload');
      await this.postpone(tx, pending);
      return 'still-pending';
    }
    const { orderId, deliverTo } = payload.data;
    const result = await assignToNearestPartner(
      tx,
      { orderId, deliverTo },
      payload.data,
      pending.excludedPartnerIds,
      ctx,
    );
    if (result.assigned) {
      await removePendingOrder(tx, orderId);
      ctx.stats.retriedAssigned += 1;
      return 'assigned';
    }
    await this.postpone(tx, pending);
    ctx.stats.retriedStillPending += 1;
    return 'still-pending';
  }

  private async postpone(tx: pg.PoolClient, pending: PendingOrder): Promise<void> {
    const attempts = pending.attempts + 1;
    const delayMs = pendingRetryDelayMs(attempts, this.options.ctx.settings.retry);
    await postponePendingOrder(tx, pending.orderId, attempts, delayMs);
  }
}
