export { runAudit } from './audit/audit-checks.js';
export type { DeliveryConfig } from './config.js';
export { configSchema } from './config.js';
export type { DeliveryService } from './service.js';
export { startService } from './service.js';
export type { DeliveryStats } from './telemetry/delivery-stats.js';
