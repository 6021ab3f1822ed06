import type { Order, OrderStatus } from './order.js';
import { holdExpiredReason, refundedReason } from './order.js';
import {
  commitReserved,
  hasAvailable,
  releaseReserved,
  type StockLevels,
  sellAvailable,
} from './stock.js';

/** What the saga must tell others after a settlement. */
export type SettlementEffect = 'confirm' | 'cancel' | 'request-refund' | 'none';

/**
 * One step of an order's saga, decided from its current status and its SKU's stock: the new
 * stock (the same levels when units do not move), the new status and reason, and the event to
 * emit. `null` means the message changes nothing (already settled, or a redelivery).
 */
export interface Settlement {
  readonly stock: StockLevels;
  readonly status: OrderStatus;
  readonly reason: string | null;
  readonly effect: SettlementEffect;
}

type OrderState = Pick<Order, 'status' | 'quantity' | 'reason'>;

/** The payment results an order reacts to. */
export type PaymentResultKind = 'completed' | 'failed' | 'refunded';

const appliesTo: Record<PaymentResultKind, readonly OrderStatus[]> = {
  completed: ['reserved', 'expired'],
  failed: ['reserved'],
  refunded: ['refund-pending'],
};

/**
 * Whether a payment result can change an order in `status`. Lets a consumer skip taking the
 * SKU lock for a late duplicate; the settle functions check again under the lock.
 */
export function paymentResultApplies(kind: PaymentResultKind, status: OrderStatus): boolean {
  return appliesTo[kind].includes(status);
}

/**
 * The payment went through. A live hold is sold. A hold that expired while the payment ran
 * re-takes its units if they are still on the shelf; otherwise the money must go back
 * (refund-pending until payment confirms the refund). Anything else was settled already.
 */
export function settleCompleted(order: OrderState, stock: StockLevels): Settlement | null {
  if (order.status === 'reserved') {
    return confirmed(commitReserved(stock, order.quantity));
  }
  if (order.status === 'expired') {
    if (hasAvailable(stock, order.quantity)) return confirmed(sellAvailable(stock, order.quantity));
    return { stock, status: 'refund-pending', reason: holdExpiredReason, effect: 'request-refund' };
  }
  return null;
}

/** The payment was refused: a live hold goes back on the shelf and the order is cancelled. */
export function settleFailed(
  order: OrderState,
  stock: StockLevels,
  reason: string,
): Settlement | null {
  if (order.status !== 'reserved') return null;
  return {
    stock: releaseReserved(stock, order.quantity),
    status: 'cancelled',
    reason,
    effect: 'cancel',
  };
}

/** The hold ran out before the payment finished: its units go back on the shelf. */
export function settleExpired(order: OrderState, stock: StockLevels): Settlement | null {
  if (order.status !== 'reserved') return null;
  return {
    stock: releaseReserved(stock, order.quantity),
    status: 'expired',
    reason: holdExpiredReason,
    effect: 'cancel',
  };
}

/** The refund of a payment that came too late was booked: the order ends cancelled. */
export function settleRefunded(order: OrderState, stock: StockLevels): Settlement | null {
  if (order.status !== 'refund-pending') return null;
  return { stock, status: 'cancelled', reason: refundedReason, effect: 'none' };
}

/** A payment result as settling needs it: its kind, and a refusal's reason. */
export type PaymentOutcome =
  | { readonly kind: 'completed' }
  | { readonly kind: 'failed'; readonly reason: string }
  | { readonly kind: 'refunded' };

/** What a payment result makes of an order and its SKU's stock; null when it changes nothing. */
export function settlePaymentResult(
  outcome: PaymentOutcome,
  order: OrderState,
  stock: StockLevels,
): Settlement | null {
  switch (outcome.kind) {
    case 'completed':
      return settleCompleted(order, stock);
    case 'failed':
      return settleFailed(order, stock, outcome.reason);
    case 'refunded':
      return settleRefunded(order, stock);
  }
}

function confirmed(stock: StockLevels): Settlement {
  return { stock, status: 'confirmed', reason: null, effect: 'confirm' };
}
