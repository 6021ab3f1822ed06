import { DomainError } from '@lockstep/service-kit';

/**
 * Every refusal inventory raises, each with a stable code that callers and the consumer branch
 * on. The domain knows no HTTP: http/error-table.ts says which status each code is answered
 * with, and lock outcomes (contention, a lost lease) are answered there too.
 */
export const InventoryErrorCode = {
  /** POST /skus with a SKU that already exists. */
  SkuExists: 'SKU_EXISTS',
  /** The SKU does not exist. */
  SkuNotFound: 'SKU_NOT_FOUND',
  /** The order does not exist. */
  OrderNotFound: 'ORDER_NOT_FOUND',
  /** Fewer units are available than the order asks for; nothing was reserved. */
  SoldOut: 'SOLD_OUT',
  /** A restock would take the SKU past {@link maxStocked} units. */
  StockLimit: 'STOCK_LIMIT',
  /** A newer holder of the SKU lock wrote first: this (stale) holder's write was refused. */
  FenceRejected: 'FENCE_REJECTED',
  /** The SKU's order queue at this replica is full, or its lock stayed taken; retry later. */
  SkuBusy: 'SKU_BUSY',
  /** The client went away while its order was queued; nothing was reserved. */
  RequestCancelled: 'REQUEST_CANCELLED',
} as const;

/** One of {@link InventoryErrorCode}'s values. */
export type InventoryErrorCode = (typeof InventoryErrorCode)[keyof typeof InventoryErrorCode];

/** SKU_EXISTS. */
export function skuExists(sku: string): DomainError {
  return new DomainError(InventoryErrorCode.SkuExists, `SKU ${sku} already exists`);
}

/** SKU_NOT_FOUND. */
export function skuNotFound(sku: string): DomainError {
  return new DomainError(InventoryErrorCode.SkuNotFound, `SKU ${sku} does not exist`);
}

/** ORDER_NOT_FOUND. */
export function orderNotFound(orderId: string): DomainError {
  return new DomainError(InventoryErrorCode.OrderNotFound, `order ${orderId} does not exist`);
}

/** SOLD_OUT, with what is left so a client can offer a smaller quantity. */
export function soldOut(sku: string, requested: number, available: number): DomainError {
  const { code, message, details } = soldOutRefusal(sku, requested, available);
  return new DomainError(code, message, { details });
}

/**
 * The same SOLD_OUT as plain data, for the HTTP gate's early answer: building an Error
 * captures a stack, which costs a sizeable share of an answer given from memory.
 */
export function soldOutRefusal(sku: string, requested: number, available: number) {
  return {
    code: InventoryErrorCode.SoldOut,
    message: `SKU ${sku} has ${available} units available, ${requested} requested`,
    details: { sku, requested, available },
  };
}

/** STOCK_LIMIT. */
export function stockLimit(sku: string, limit: number): DomainError {
  return new DomainError(
    InventoryErrorCode.StockLimit,
    `SKU ${sku} would exceed ${limit} stocked units`,
    { details: { limit } },
  );
}

/**
 * FENCE_REJECTED: the conditional stock UPDATE matched no row because a holder with a newer
 * fencing token already wrote. Nothing of this request was written; a retry takes the lock
 * afresh.
 */
export function fenceRejected(sku: string, token: bigint): DomainError {
  return new DomainError(
    InventoryErrorCode.FenceRejected,
    `stock write to SKU ${sku} refused: fencing token ${token} is older than the last writer's`,
    { retryAfterSeconds: 1 },
  );
}

/** SKU_BUSY: this replica already has `limit` orders queued for the SKU. */
export function orderQueueFull(sku: string, limit: number): DomainError {
  return new DomainError(
    InventoryErrorCode.SkuBusy,
    `SKU ${sku} has ${limit} orders queued; retry shortly`,
    { details: { limit }, retryAfterSeconds: 1 },
  );
}

/**
 * REQUEST_CANCELLED: the client closed the connection while its order waited, so it was
 * dropped unserved. Nobody reads the answer; a buyer giving up is not a fault of the service.
 */
export function requestCancelled(sku: string): DomainError {
  return new DomainError(InventoryErrorCode.RequestCancelled, `order for SKU ${sku} cancelled`);
}
