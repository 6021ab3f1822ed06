import { soldOut, stockLimit } from './inventory-errors.js';

/**
 * A SKU's unit counters. Invariant (also a CHECK in the database): available + reserved +
 * sold = stocked, every counter >= 0. Each function below returns new levels that keep it.
 */
export interface StockLevels {
  /** Units ever put on the shelf. */
  readonly stocked: number;
  /** Units free to reserve. */
  readonly available: number;
  /** Units held by orders whose payment is running. */
  readonly reserved: number;
  /** Units paid for. */
  readonly sold: number;
}

/** Most units one SKU may ever have stocked (keeps every counter far inside a Postgres integer). */
export const maxStocked = 100_000_000;

/** New stock: everything available. */
export function initialStock(units: number): StockLevels {
  return { stocked: units, available: units, reserved: 0, sold: 0 };
}

/** Whether `quantity` units can be reserved (or sold straight from the shelf) now. */
export function hasAvailable(stock: StockLevels, quantity: number): boolean {
  return stock.available >= quantity;
}

/** Holds `quantity` units for an order; SOLD_OUT (nothing changes) when too few are available. */
export function reserveUnits(sku: string, stock: StockLevels, quantity: number): StockLevels {
  if (!hasAvailable(stock, quantity)) throw soldOut(sku, quantity, stock.available);
  return { ...stock, available: stock.available - quantity, reserved: stock.reserved + quantity };
}

/** A paid hold becomes a sale. */
export function commitReserved(stock: StockLevels, quantity: number): StockLevels {
  requireReserved(stock, quantity);
  return { ...stock, reserved: stock.reserved - quantity, sold: stock.sold + quantity };
}

/** A hold that will not be paid (payment failed, hold expired) goes back on the shelf. */
export function releaseReserved(stock: StockLevels, quantity: number): StockLevels {
  requireReserved(stock, quantity);
  return { ...stock, reserved: stock.reserved - quantity, available: stock.available + quantity };
}

/**
 * Sells units straight from the shelf: a payment that completed after its hold expired
 * re-takes its units if they are still there. Callers check {@link hasAvailable} first.
 */
export function sellAvailable(stock: StockLevels, quantity: number): StockLevels {
  if (!hasAvailable(stock, quantity)) {
    throw new Error(`cannot sell ${quantity} units: only ${stock.available} available`);
  }
  return { ...stock, available: stock.available - quantity, sold: stock.sold + quantity };
}

/** Puts `quantity` more units on the shelf; STOCK_LIMIT past {@link maxStocked}. */
export function restockUnits(sku: string, stock: StockLevels, quantity: number): StockLevels {
  if (stock.stocked + quantity > maxStocked) throw stockLimit(sku, maxStocked);
  return { ...stock, stocked: stock.stocked + quantity, available: stock.available + quantity };
}

/** Whether two levels are the same (a settlement with no stock effect writes nothing). */
export function sameStock(a: StockLevels, b: StockLevels): boolean {
  return (
    a.stocked === b.stocked &&
    a.available === b.available &&
    a.reserved === b.reserved &&
    a.sold === b.sold
  );
}

// A hold always has its units in `reserved`; fewer there means the books are already wrong,
// which is a fault to stop on (the consumer retries, then dead-letters), never to paper over.
function requireReserved(stock: StockLevels, quantity: number): void {
  if (stock.reserved < quantity) {
    throw new Error(`cannot take ${quantity} units out of ${stock.reserved} reserved`);
  }
}
