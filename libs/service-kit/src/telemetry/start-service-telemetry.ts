import type { Telemetry } from '@lockstep/telemetry';
import type { Logger } from 'pino';

/** The keys of {@link baseServiceConfig} that telemetry is started from. */
export interface TelemetryConfig {
  SERVICE_NAME: string;
  INSTANCE_ID: string;
  TELEMETRY_ENABLED: boolean;
  OTEL_EXPORTER_OTLP_ENDPOINT?: string | undefined;
  TRACE_SAMPLE_RATIO: number;
}

/**
 * Starts OpenTelemetry for a service from its validated config: `service.name` and
 * `service.instance.id` from SERVICE_NAME and INSTANCE_ID, spans to the OTLP endpoint, the
 * sample ratio, and OpenTelemetry's own problems (a dead collector) as `component: telemetry`
 * warnings. Call it in main.ts after the logger and before the service; give the result to
 * the service so it serves `/metrics` and flushes on stop.
 *
 * The SDK is imported here, on first use, so code that only uses the rest of the kit (tools,
 * tests) does not load it. Run the process with `--import @lockstep/telemetry/register`, or
 * the http and express instrumentations cannot patch modules loaded before this call.
 */
export async function startServiceTelemetry(
  config: TelemetryConfig,
  logger: Logger,
): Promise<Telemetry> {
  const { startTelemetry } = await import('@lockstep/telemetry');
  const log = logger.child({ component: 'telemetry' });
  const telemetry = await startTelemetry({
    serviceName: config.SERVICE_NAME,
    instanceId: config.INSTANCE_ID,
    enabled: config.TELEMETRY_ENABLED,
    otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT,
    sampleRatio: config.TRACE_SAMPLE_RATIO,
    diagnostics: (line) => log.warn(line),
  });
  log.info(
    {
      enabled: config.TELEMETRY_ENABLED,
      otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT ?? null,
      sampleRatio: config.TRACE_SAMPLE_RATIO,
      instrumentations: telemetry.instrumentations.loaded,
    },
    'telemetry started',
  );
  return telemetry;
}
