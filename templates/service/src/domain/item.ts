import { itemExhausted } from './item-errors.js';

/** An item: units of capacity that callers claim, and how many of those claims are settled. */
export interface Item {
  readonly itemId: string;
  /** Units that can ever be claimed. */
  readonly capacity: number;
  /** Units claimed so far; never above `capacity`. */
  readonly claimed: number;
  /** Claimed units whose claim the consumer has settled; never above `claimed`. */
  readonly settled: number;
  /** Fencing token of the last writer of `claimed` (0 before any). */
  readonly fence: bigint;
}

/** The largest capacity an item may be created with. */
export const maxCapacity = 1_000_000;

/** The claimed count after claiming `quantity` more units; ITEM_EXHAUSTED beyond the capacity. */
export function claimUnits(item: Item, quantity: number): number {
  const left = item.capacity - item.claimed;
  if (quantity > left) throw itemExhausted(item.itemId, left);
  return item.claimed + quantity;
}
