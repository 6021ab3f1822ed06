import {
  type OtlpTraceRequest,
  type ReceivedSpan,
  receivedSpans,
} from '@lockstep/telemetry/testing';

/** What {@link runSpansFromJaeger} reads. */
export interface RunSpansQuery {
  /** Jaeger's query API base URL. */
  jaeger: string;
  /** The fleet's run id: its replicas' `service.instance.id`s end with it. */
  runId: string;
  /** The run's start, ms since the epoch. */
  since: number;
  /** Services whose traces to sample (the saga entry points). */
  services: readonly string[];
  /** Newest traces per service (Jaeger's search limit). */
  tracesPerService: number;
}

interface JaegerSearchAnswer {
  data: Array<{
    traceID: string;
    processes: Record<string, { tags?: Array<{ key: string; value: unknown }> | null }>;
  }> | null;
}

const ofRun = (instanceId: unknown, runId: string) =>
  typeof instanceId === 'string' && instanceId.endsWith(runId);

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

/**
 * The spans of a sample of this run's traces, read back from Jaeger, so the demo can print its
 * lock summary and trace trees whether the spans went to Jaeger or stayed local. Every fleet
 * on the stack reads the same Kafka topics, and consumers of other runs add their spans to our
 * traces: only spans from this run's replicas are kept.
 */
export async function runSpansFromJaeger(query: RunSpansQuery): Promise<ReceivedSpan[]> {
  const traceIds = new Set<string>();
  for (const service of query.services) {
    const search = await getJson<JaegerSearchAnswer>(
      `${query.jaeger}/api/traces?service=${encodeURIComponent(service)}` +
        `&start=${query.since * 1000}&limit=${query.tracesPerService}`,
    );
    for (const trace of search.data ?? []) {
      const mine = Object.values(trace.processes).some((process) =>
        (process.tags ?? []).some(
          (tag) => tag.key === 'service.instance.id' && ofRun(tag.value, query.runId),
        ),
      );
      if (mine) traceIds.add(trace.traceID);
    }
  }
  const spans: ReceivedSpan[] = [];
  for (const traceId of traceIds) {
    // The v3 API answers in OTLP JSON, which the local receiver's parser reads as is.
    const answer = await getJson<{ result?: OtlpTraceRequest }>(
      `${query.jaeger}/api/v3/traces/${traceId}`,
    );
    const fromRun = receivedSpans(answer.result ?? {}).filter((span) =>
      ofRun(span.resource['service.instance.id'], query.runId),
    );
    spans.push(...fromRun);
  }
  return spans;
}
