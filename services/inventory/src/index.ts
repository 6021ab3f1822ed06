export type { AuditOptions } from './audit/inventory-audit.js';
export { auditInventory } from './audit/inventory-audit.js';
export type { InventoryConfig } from './config.js';
export { inventoryConfigSchema } from './config.js';
export { InventoryErrorCode } from './domain/inventory-errors.js';
export type { Order, OrderStatus } from './domain/order.js';
export type { StockLevels } from './domain/stock.js';
export type { InventoryService } from './service.js';
export { startService } from './service.js';
