import { currentTraceContext } from '@lockstep/events';
import { findSku } from '../db/skus.js';
import {
  orderQueueFull,
  requestCancelled,
  skuNotFound,
  soldOut,
} from '../domain/inventory-errors.js';
import type { Order } from '../domain/order.js';
import { hasAvailable } from '../domain/stock.js';
import { OrderCoalescer } from './order-coalescer.js';
import { type OrderRequest, type QueuedOrder, reserveOrders } from './reserve-orders.js';
import type { ServiceDeps } from './service-deps.js';

/** How {@link OrderIntake} serves orders. */
export interface OrderIntakeOptions {
  /** Queue a SKU's orders and serve them in batches under one lock acquisition. */
  coalescing: boolean;
  /** Most orders one SKU may have queued at this replica (coalescing only). */
  maxQueued: number;
  /** Most orders one lock acquisition serves (coalescing only). */
  maxBatch: number;
}

/**
 * POST /orders from the HTTP route to the reservation, cheapest answer first:
 * 1. the sold-out fast path: a fresh sold-out flag answers 409 with no lock and no read;
 * 2. a lock-free read answers 404 or 409 before anything queues for the lock (skipped while
 *    the SKU has a batch queued here: it exists, and the batch re-checks the stock anyway);
 * 3. the reservation under the SKU lock, which re-checks everything: coalesced with the
 *    SKU's other queued orders, or alone with coalescing off.
 */
export class OrderIntake {
  private readonly coalescer: OrderCoalescer<QueuedOrder, Order> | undefined;

  constructor(
    private readonly deps: ServiceDeps,
    options: OrderIntakeOptions,
  ) {
    if (!options.coalescing) return;
    const stats = deps.reservationStats;
    this.coalescer = new OrderCoalescer<QueuedOrder, Order>(
      (sku, claim) => reserveOrders(deps, sku, claim),
      {
        maxQueued: options.maxQueued,
        maxBatch: options.maxBatch,
        queueFull: (sku) => {
          stats.queueFull += 1;
          return orderQueueFull(sku, options.maxQueued);
        },
        cancelled: requestCancelled,
        onCancelled: () => {
          stats.cancelledWhileQueued += 1;
        },
      },
    );
  }

  /**
   * Reserves units for one order. `signal` fires when the client goes away: a queued order is
   * then dropped and never reserves (REQUEST_CANCELLED, which nobody hears).
   */
  async place(request: OrderRequest, signal?: AbortSignal): Promise<Order> {
    const { sku, quantity } = request;
    const known = this.knownShort(sku, quantity);
    if (known !== undefined) throw soldOut(sku, quantity, known);
    if (!this.coalescer?.isActive(sku)) await this.precheck(request);
    const queued: QueuedOrder = { ...request, traceContext: currentTraceContext() };
    if (this.coalescer) return this.coalescer.submit(sku, queued, signal);
    const [outcome] = await reserveOrders(this.deps, sku, () => [{ request: queued, signal }]);
    if (!outcome) throw new Error(`no outcome for an order of ${sku}`);
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }

  /**
   * The sold-out fast path on its own: the units a fresh sold-out flag says are left when
   * they are too few for `quantity` (the order is then refused, and counted in the stats),
   * or undefined when the order has to be served. No lock, no read, no await: the HTTP gate
   * calls it before Express runs at all.
   */
  knownShort(sku: string, quantity: number): number | undefined {
    const known = this.deps.soldOut.knownShort(sku, quantity);
    if (known !== undefined) this.deps.reservationStats.soldOutFastPath += 1;
    return known;
  }

  // Read without the lock, so it can only be stale: once a flash sale is sold out, buyers are
  // answered here instead of queueing for the lock just to hear the same thing. It also keeps
  // an unknown SKU from ever creating a lock node in ZooKeeper.
  private async precheck({ sku, quantity }: OrderRequest): Promise<void> {
    const epoch = this.deps.soldOut.epoch(sku);
    const snapshot = await findSku(this.deps.pool, sku);
    if (!snapshot) throw skuNotFound(sku);
    this.deps.soldOut.observed(sku, epoch, snapshot.available, quantity);
    if (!hasAvailable(snapshot, quantity)) throw soldOut(sku, quantity, snapshot.available);
  }
}
