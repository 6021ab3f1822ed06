import { createServiceMetrics } from '@lockstep/telemetry';

/**
 * payment's business counters: payment outcomes (`completed`, `failed`), counted where the state is committed. Safe to
 * create at load, before main.ts starts telemetry (the counter binds to the SDK on first use).
 */
export const paymentMetrics = createServiceMetrics('payment');
