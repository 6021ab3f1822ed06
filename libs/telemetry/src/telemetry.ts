import type { MeterProvider, TracerProvider } from '@opentelemetry/api';
import type { MetricsHandler } from './metrics-handler.js';

/** A started OpenTelemetry setup, as returned by {@link startTelemetry}. */
export interface Telemetry {
  /**
   * Serves the Prometheus text exposition of every metric of this process; mount it as
   * `app.get('/metrics', telemetry.metricsHandler)`.
   */
  readonly metricsHandler: MetricsHandler;
  /** The registered tracer provider; undefined when spans are not exported. */
  readonly tracerProvider: TracerProvider | undefined;
  /** The registered meter provider (a no-op one when telemetry is disabled). */
  readonly meterProvider: MeterProvider;
  /** Instrumentations that patch their library, by package name, and those that failed to. */
  readonly instrumentations: { loaded: string[]; failed: string[] };
  /** Exports the spans ended so far; resolves when done or failed, never rejects. */
  flush(): Promise<void>;
  /**
   * Flushes the last spans, stops exporting and unregisters the SDK. Bounded by the shutdown
   * timeout, idempotent, and never rejects: losing spans must not fail a shutdown.
   */
  shutdown(): Promise<void>;
}
