/** Where an order is in the saga. */
export type OrderStatus = 'reserved' | 'confirmed' | 'cancelled' | 'expired' | 'refund-pending';

/** Every status, for schemas and the database CHECK. */
export const orderStatuses = [
  'reserved',
  'confirmed',
  'cancelled',
  'expired',
  'refund-pending',
] as const satisfies readonly OrderStatus[];

/** Most units one order may take. */
export const maxOrderQuantity = 10;

/**
 * Highest unit price, in cents. Bounded so that the largest order's amount stays within what
 * the payment contract accepts (100 000 000 cents): a SKU priced above it could reserve
 * units for an order whose payment.requested could never be written.
 */
export const maxPriceCents = 10_000_000;

/** Why an order left `reserved` without a sale because its hold ran out. */
export const holdExpiredReason = 'hold-expired';

/** Why a refund-pending order ended: its money went back to the wallet. */
export const refundedReason = 'refunded';

/** A point to deliver to. */
export interface GeoPoint {
  readonly lat: number;
  readonly lng: number;
}

/** An order as inventory keeps it. */
export interface Order {
  readonly orderId: string;
  readonly sku: string;
  readonly quantity: number;
  readonly customerId: string;
  readonly walletId: string;
  readonly amountCents: number;
  readonly deliverTo: GeoPoint;
  readonly status: OrderStatus;
  /** Why the order was cancelled, expired or is waiting for a refund; null otherwise. */
  readonly reason: string | null;
  /** When the hold ends unless the payment completes first (database clock). */
  readonly expiresAt: Date;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** What an order pays: its unit price times the quantity, in cents. */
export function orderAmountCents(priceCents: number, quantity: number): number {
  return priceCents * quantity;
}

/** Whether no payment outcome can change the order any more. */
export function isTerminal(status: OrderStatus): boolean {
  return status === 'confirmed' || status === 'cancelled';
}
