export type { MetricsHandler } from './metrics-handler.js';
export type { OverdueHoldsGaugeOptions } from './overdue-holds-gauge.js';
export { OverdueHoldsGauge } from './overdue-holds-gauge.js';
export type { ServiceMetrics } from './service-metrics.js';
export { createServiceMetrics } from './service-metrics.js';
export { serviceNamespace, startTelemetry } from './start-telemetry.js';
export type { Telemetry } from './telemetry.js';
export type { TelemetryOptions } from './telemetry-options.js';
