import {
  AppError,
  ConflictError,
  NotFoundError,
  TooManyRequestsError,
  UnavailableError,
} from '@lockstep/service-kit';

/**
 * Every error inventory reports to a caller, each with a stable code. They are the kit's
 * AppErrors, so HTTP maps them in the kit's one middleware and the consumer retries them.
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

/** 409 SKU_EXISTS. */
export function skuExists(sku: string): ConflictError {
  return new ConflictError(`SKU ${sku} already exists`, { code: InventoryErrorCode.SkuExists });
}

/** 404 SKU_NOT_FOUND. */
export function skuNotFound(sku: string): NotFoundError {
  return new NotFoundError(`SKU ${sku} does not exist`, { code: InventoryErrorCode.SkuNotFound });
}

/** 404 ORDER_NOT_FOUND. */
export function orderNotFound(orderId: string): NotFoundError {
  return new NotFoundError(`order ${orderId} does not exist`, {
    code: InventoryErrorCode.OrderNotFound,
  });
}

/** 409 SOLD_OUT, with what is left so a client can offer a smaller quantity. */
export function soldOut(sku: string, requested: number, available: number): ConflictError {
  const { message, code, details } = soldOutAnswer(sku, requested, available);
  return new ConflictError(message, { code, details });
}

/**
 * The same 409 SOLD_OUT as plain data, for the HTTP gate's early answer: building an Error
 * captures a stack, which costs a sizeable share of an answer given from memory.
 */
export function soldOutAnswer(sku: string, requested: number, available: number) {
  return {
    status: 409,
    code: InventoryErrorCode.SoldOut,
    message: `SKU ${sku} has ${available} units available, ${requested} requested`,
    details: { sku, requested, available },
  };
}

/** 409 STOCK_LIMIT. */
export function stockLimit(sku: string, limit: number): ConflictError {
  return new ConflictError(`SKU ${sku} would exceed ${limit} stocked units`, {
    code: InventoryErrorCode.StockLimit,
    details: { limit },
  });
}

/**
 * 503 FENCE_REJECTED: the conditional stock UPDATE matched no row because a holder with a
 * newer fencing token already wrote. Nothing of this request was written; a retry takes the
 * lock afresh.
 */
export function fenceRejected(sku: string, token: bigint): UnavailableError {
  return new UnavailableError(
    `stock write to SKU ${sku} refused: fencing token ${token} is older than the last writer's`,
    { code: InventoryErrorCode.FenceRejected, retryAfterSeconds: 1 },
  );
}

/** 429 SKU_BUSY: this replica already has `limit` orders queued for the SKU. */
export function orderQueueFull(sku: string, limit: number): TooManyRequestsError {
  return new TooManyRequestsError(`SKU ${sku} has ${limit} orders queued; retry shortly`, 1, {
    code: InventoryErrorCode.SkuBusy,
    details: { limit },
  });
}

/**
 * REQUEST_CANCELLED: the client closed the connection while its order waited, so it was
 * dropped unserved. Nobody reads the answer; 499 (the nginx convention) keeps it out of 5xx
 * alerts, since a buyer giving up is not a fault of the service.
 */
export function requestCancelled(sku: string): AppError {
  return new AppError(InventoryErrorCode.RequestCancelled, 499, `order for SKU ${sku} cancelled`);
}
