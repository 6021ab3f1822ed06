import { metrics } from '@opentelemetry/api';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';

/** One data point of a metric, as a test reads it. */
export interface MetricPoint {
  /** The point's attributes (`lock.strategy`, `saga`, ...). */
  readonly attributes: Record<string, unknown>;
  /** A counter's or gauge's value; a histogram's count. */
  readonly value: number;
}

/** A meter provider registered globally whose metrics a test reads on demand. */
export interface MetricsProbe {
  /** Collects now (running observable callbacks) and returns the points of metric `name`. */
  points(name: string): Promise<MetricPoint[]>;
  /** Unregisters the provider; later metric calls are no-ops again. */
  stop(): Promise<void>;
}

/** Collects only when asked, so a test sees exactly what was recorded before it asked. */
class OnDemandReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

/**
 * Registers a global meter provider for an in-process test, as a service's SDK would, so
 * that what the code under test records through `@opentelemetry/api` can be read back.
 */
export function startMetricsProbe(): MetricsProbe {
  const reader = new OnDemandReader();
  const provider = new MeterProvider({ readers: [reader] });
  metrics.setGlobalMeterProvider(provider);
  return {
    async points(name) {
      const { resourceMetrics } = await reader.collect();
      return resourceMetrics.scopeMetrics
        .flatMap((scope) => scope.metrics)
        .filter((metric) => metric.descriptor.name === name)
        .flatMap((metric) =>
          (metric.dataPoints as Array<{ attributes: Record<string, unknown>; value: unknown }>).map(
            (point) => ({ attributes: point.attributes, value: pointValue(point.value) }),
          ),
        );
    },
    async stop() {
      metrics.disable();
      await provider.shutdown();
    },
  };
}

function pointValue(value: unknown): number {
  if (typeof value === 'number') return value;
  const count = (value as { count?: unknown } | null)?.count;
  return typeof count === 'number' ? count : Number.NaN;
}
