import { createServiceMetrics } from '@lockstep/telemetry';

/**
 * acme-widgets' business counters: claims settled, counted where the settlement commits. Safe
 * to create at load, before main.ts starts telemetry (the counter binds to the SDK on first use).
 */
export const acmeWidgetsMetrics = createServiceMetrics('acme-widgets');
