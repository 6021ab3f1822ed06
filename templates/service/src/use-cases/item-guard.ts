import type { GuardedRows } from '@lockstep/service-kit';
import { findItem } from '../db/items.js';
import type { Item } from '../domain/item.js';
import { itemNotFound } from '../domain/item-errors.js';

/**
 * What the item guard (the kit's createRowGuard, built in service.ts for the chosen lock
 * strategy) needs of items: their lock resource, how to read one, and its not-found error.
 */
export const itemRows: GuardedRows<Item> = {
  resource: (itemId) => `item:${itemId}`,
  find: findItem,
  notFound: itemNotFound,
};
