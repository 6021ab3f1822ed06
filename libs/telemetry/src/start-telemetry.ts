import { context, DiagLogLevel, diag, logs, metrics, propagation, trace } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import {
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace';
import {
  ATTR_SERVICE_INSTANCE_ID,
  ATTR_SERVICE_NAME,
  ATTR_SERVICE_NAMESPACE,
} from '@opentelemetry/semantic-conventions';
import { type Instrumentation, loadInstrumentations } from './instrumentations.js';
import { emptyMetricsHandler, prometheusHandler } from './metrics-handler.js';
import { QuietDiagLogger } from './quiet-diag-logger.js';
import { settleWithin } from './settle-within.js';
import type { Telemetry } from './telemetry.js';
import type { TelemetryOptions } from './telemetry-options.js';

/** `service.namespace` of every lockstep service, so dashboards can select the whole system. */
export const serviceNamespace = 'lockstep';

const defaultShutdownTimeoutMs = 3_000;
/** Per export, retries included; a dead collector must not hold a batch for long. */
const exportTimeoutMs = 5_000;
/** Short enough that a trace shows up in Jaeger while the demo is still being watched. */
const batchDelayMs = 1_000;

/**
 * Starts OpenTelemetry for one service process: W3C trace-context propagation, spans over
 * OTLP/HTTP (when `otlpEndpoint` is set), metrics for Prometheus, and instrumentation of http,
 * express, pg and ioredis (kafkajs on request). Call it once, before the service does work.
 *
 * Under ESM the instrumentations can only patch modules loaded after the loader hook is in
 * place: run the service as `node --import @lockstep/telemetry/register main.js`. Metrics taken
 * from `metrics.getMeter()` before this call stay no-ops (the metrics API has no proxy), so
 * start telemetry before importing modules that create instruments at load time.
 */
export async function startTelemetry(options: TelemetryOptions): Promise<Telemetry> {
  const sampleRatio = options.sampleRatio ?? 1;
  if (!(sampleRatio >= 0 && sampleRatio <= 1)) {
    throw new RangeError(`telemetry: sampleRatio must be within 0..1, got ${sampleRatio}`);
  }
  const port = options.metricsPort;
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65_536)) {
    throw new RangeError(`telemetry: metricsPort must be within 1..65535, got ${port}`);
  }
  if (options.enabled === false) return disabledTelemetry();

  const report = options.diagnostics ?? writeToStderr;
  // Set before anything else so that errors while starting are already quiet and one-line.
  diag.setLogger(new QuietDiagLogger(report), {
    logLevel: DiagLogLevel.ERROR,
    suppressOverrideMessage: true,
  });

  const { instrumentations, loaded, failed } = await loadInstrumentations({
    kafkajs: options.instrumentKafkajs,
  });
  if (failed.length > 0) {
    const reasons = failed.map(({ name, error }) => `${name} (${describe(error)})`);
    report(
      `telemetry: instrumentations not loaded, their spans are missing: ${reasons.join('; ')}`,
    );
  }

  const prometheus = new PrometheusExporter({ preventServerStart: true, port });
  if (port !== undefined) {
    // Awaited here rather than left to the exporter, so /metrics answers once we return. A
    // port in use costs the separate server only; metricsHandler still works.
    await prometheus.startServer().catch((error: unknown) => {
      report(`telemetry: metrics server on port ${port}: ${describe(error)}`);
    });
  }
  const spanProcessor =
    options.otlpEndpoint === undefined
      ? undefined
      : new BatchSpanProcessor({
          exporter: new OTLPTraceExporter({
            url: `${options.otlpEndpoint.replace(/\/+$/, '')}/v1/traces`,
            timeoutMillis: exportTimeoutMs,
          }),
          scheduledDelayMillis: batchDelayMs,
          exportTimeoutMillis: exportTimeoutMs,
        });

  const sdk = new NodeSDK({
    resource: defaultResource().merge(
      resourceFromAttributes({
        [ATTR_SERVICE_NAME]: options.serviceName,
        [ATTR_SERVICE_INSTANCE_ID]: options.instanceId,
        [ATTR_SERVICE_NAMESPACE]: serviceNamespace,
      }),
    ),
    // Detectors would override the attributes above (a random service.instance.id, say).
    autoDetectResources: false,
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(sampleRatio) }),
    spanProcessors: spanProcessor === undefined ? [] : [spanProcessor],
    metricReaders: [prometheus],
    // No OpenTelemetry logs: services log with pino to stdout. Without this the SDK would
    // build an OTLP log exporter from the environment.
    logRecordProcessors: [],
    instrumentations,
  });
  sdk.start();

  const shutdownTimeoutMs = options.shutdownTimeoutMs ?? defaultShutdownTimeoutMs;
  let stopping: Promise<void> | undefined;
  return {
    metricsHandler: prometheusHandler(prometheus),
    tracerProvider: spanProcessor === undefined ? undefined : trace.getTracerProvider(),
    meterProvider: metrics.getMeterProvider(),
    instrumentations: { loaded, failed: failed.map(({ name }) => name) },
    flush: async () => {
      if (spanProcessor !== undefined)
        await settleWithin(spanProcessor.forceFlush(), exportTimeoutMs);
    },
    shutdown: () => {
      stopping ??= (async () => {
        const outcome = await settleWithin(sdk.shutdown(), shutdownTimeoutMs);
        // Through diag, so it shares the rate limit: when the collector is down this is the
        // same failure the exporter already reported.
        if (outcome === 'timed-out') {
          diag.error(`shutdown gave up after ${shutdownTimeoutMs} ms; unsent spans are lost`);
        }
        unregister(instrumentations);
      })();
      return stopping;
    },
  };
}

/** Telemetry that does nothing: no SDK, no patching, an empty `/metrics`. */
function disabledTelemetry(): Telemetry {
  return {
    metricsHandler: emptyMetricsHandler,
    tracerProvider: undefined,
    meterProvider: metrics.getMeterProvider(),
    instrumentations: { loaded: [], failed: [] },
    flush: async () => {},
    shutdown: async () => {},
  };
}

/**
 * Unpatches the libraries and removes the SDK from the API globals, so that calls after
 * shutdown are no-ops instead of reaching closed providers, and a later start (tests) can
 * register again.
 */
function unregister(instrumentations: Instrumentation[]): void {
  for (const instrumentation of instrumentations) {
    try {
      instrumentation.disable();
    } catch {
      // Unpatching only matters to a later start in the same process; the process is stopping.
    }
  }
  trace.disable();
  metrics.disable();
  logs.disable();
  propagation.disable();
  context.disable();
  diag.disable();
}

function writeToStderr(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** The first line of an error's message: diagnostics are one line each. */
function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n', 1)[0] ?? message;
}
