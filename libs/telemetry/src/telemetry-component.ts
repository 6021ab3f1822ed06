import type { Telemetry } from './telemetry.js';

/**
 * Telemetry as a service-kit runtime component (`{ name, start, stop }`, matched structurally
 * so this package does not depend on the kit). Add it to the runtime first: components stop
 * in reverse, so the spans of the last drained requests are flushed after everything else.
 */
export function telemetryComponent(telemetry: Telemetry): {
  readonly name: string;
  start(): void;
  stop(): Promise<void>;
} {
  return {
    name: 'telemetry',
    // Started by startTelemetry() before the runtime exists; see its doc for why.
    start: () => {},
    stop: () => telemetry.shutdown(),
  };
}
