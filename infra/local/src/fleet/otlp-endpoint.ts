import type { Topology } from '../topology.js';

/**
 * Where a fleet's replicas send their spans (OTEL_EXPORTER_OTLP_ENDPOINT):
 * - the caller's OTEL_EXPORTER_OTLP_ENDPOINT when it names one; set but empty means "none";
 * - else the local stack's collector (Jaeger, `http://127.0.0.1:4318` from ports.env) when
 *   something answers there;
 * - else none, rather than a dead port every replica would warn about once a minute.
 */
export async function otlpEndpointFor(
  callerEnv: NodeJS.ProcessEnv,
  topology: Topology,
): Promise<string | undefined> {
  const chosen = callerEnv.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (chosen !== undefined) return chosen === '' ? undefined : chosen;
  return (await answers(topology.otlpHttp)) ? topology.otlpHttp : undefined;
}

/** Whether an HTTP server answers at `url` at all; any status will do (OTLP answers GET / with 404). */
async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    await response.body?.cancel();
    return true;
  } catch {
    // Refused or silent: no collector there.
    return false;
  }
}
