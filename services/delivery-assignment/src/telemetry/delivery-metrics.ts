import { createServiceMetrics } from '@lockstep/telemetry';

/**
 * delivery-assignment's business counters: orders assigned a partner (the end of the order saga), counted where the state is committed. Safe to
 * create at load, before main.ts starts telemetry (the counter binds to the SDK on first use).
 */
export const deliveryMetrics = createServiceMetrics('delivery-assignment');
