import { orderConfirmed } from '@lockstep/contracts';
import { type Logger, withTransaction } from '@lockstep/service-kit';
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
import type { ServiceDeps } from './service-deps.js';

/** What one retry came to: nothing was due, the order got a partner, or it waits again. */
export type RetryOutcome = 'idle' | 'assigned' | 'still-pending';

/**
 * Retries the next pending order whose backoff has passed, in a transaction of its own that
 * holds the order's pending row with `FOR UPDATE SKIP LOCKED`: two replicas never retry the same
 * order at once, never wait for each other, and a replica that dies mid-retry just lets its row
 * lock go with its connection. One order per transaction also means a transaction holds at
 * most one partner row lock, so retries cannot deadlock each other or the consumer.
 *
 * If the retry fails, the order is postponed in a second transaction, so an order whose retry
 * keeps failing backs off instead of coming first in every round and starving the orders
 * behind it. Only a failed claim (the database is unreachable, say) rejects. Failed retries and
 * unreadable payloads are logged on `log`.
 */
export async function retryNextPendingOrder(
  deps: ServiceDeps,
  log: Logger = deps.logger,
): Promise<RetryOutcome> {
  let claimed: PendingOrder | undefined;
  try {
    const outcome = await withTransaction(deps.pool, async (tx) => {
      claimed = await claimDuePendingOrder(tx);
      return claimed === undefined ? 'idle' : retry(deps, log, tx, claimed);
    });
    // Counted after the commit, like the consumer's first-try assignments.
    if (outcome === 'assigned') deliveryMetrics.sagaOutcome('delivery', 'assigned');
    return outcome;
  } catch (error) {
    const failed = claimed;
    if (failed === undefined) throw error;
    log.error({ err: error, orderId: failed.orderId }, 'retry failed; order postponed');
    await withTransaction(deps.pool, (tx) => postpone(deps, tx, failed));
    return 'still-pending';
  }
}

async function retry(
  deps: ServiceDeps,
  log: Logger,
  tx: pg.PoolClient,
  pending: PendingOrder,
): Promise<RetryOutcome> {
  const payload = orderConfirmed.schema.safeParse(pending.payload);
  if (!payload.success) {
    // Only a hand-edited row can get here (payloads are validated on the way in). It stays
    // for an operator to fix, backing off like any other, and is logged at each retry.
    log.error({ orderId: pending.orderId }, 'pending order has an unreadable payload');
    await postpone(deps, tx, pending);
    return 'still-pending';
  }
  const { orderId, deliverTo } = payload.data;
  const result = await assignToNearestPartner(
    deps,
    tx,
    { orderId, deliverTo },
    payload.data,
    pending.excludedPartnerIds,
  );
  if (result.assigned) {
    await removePendingOrder(tx, orderId);
    deps.stats.retriedAssigned += 1;
    return 'assigned';
  }
  await postpone(deps, tx, pending);
  deps.stats.retriedStillPending += 1;
  return 'still-pending';
}

async function postpone(
  deps: Pick<ServiceDeps, 'settings'>,
  tx: pg.PoolClient,
  pending: PendingOrder,
): Promise<void> {
  const attempts = pending.attempts + 1;
  const delayMs = pendingRetryDelayMs(attempts, deps.settings.retry);
  await postponePendingOrder(tx, pending.orderId, attempts, delayMs);
}
