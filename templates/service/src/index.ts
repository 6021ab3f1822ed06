export { type AcmeWidgetsConfig, acmeWidgetsConfigSchema } from './config.js';
export type { Claim, ClaimStatus } from './domain/claim.js';
export type { Item } from './domain/item.js';
export { ItemErrorCode } from './domain/item-errors.js';
export { itemClaimed, itemsTopic } from './domain/item-events.js';
export { startService } from './service.js';
