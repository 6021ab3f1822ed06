import { createServiceMetrics } from '@lockstep/telemetry';

/**
 * booking's business counters: booking saga outcomes (`confirmed`, `cancelled` after a failed payment, `expired` by the sweeper), counted where the state is committed. Safe to
 * create at load, before main.ts starts telemetry (the counter binds to the SDK on first use).
 */
export const bookingMetrics = createServiceMetrics('booking');
