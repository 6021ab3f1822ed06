import { localTopology } from '@lockstep/infra-local';
import {
  type OtlpTraceRequest,
  type ReceivedSpan,
  receivedSpans,
} from '@lockstep/telemetry/testing';

/**
 * Traces read back from the local stack's Jaeger through its query API: `/api/v3/traces/{id}`
 * answers the trace as OTLP JSON, the same shape the replicas exported, so the spans come back
 * with their resource (`service.name`, `service.instance.id`), kind and typed attributes.
 */
export class JaegerTraces {
  /** Where the replicas send their spans (Jaeger's OTLP/HTTP receiver). */
  readonly otlpEndpoint: string;
  /** Jaeger's query API, `http://host:16686`. */
  readonly queryUrl: string;

  constructor(topology = localTopology()) {
    this.otlpEndpoint = topology.otlpHttp;
    this.queryUrl = topology.jaegerQuery;
  }

  /** Throws, saying how to start it, unless Jaeger's query API answers. */
  async assertRunning(): Promise<void> {
    const response = await fetch(`${this.queryUrl}/api/services`, {
      signal: AbortSignal.timeout(5_000),
    }).catch((error: unknown) => error as Error);
    if (response instanceof Error || !response.ok) {
      const why = response instanceof Error ? response.message : `HTTP ${response.status}`;
      throw new Error(
        `Jaeger's query API does not answer at ${this.queryUrl} (${why}); the saga test reads its trace back from it: start it with npm run infra:up`,
      );
    }
  }

  /** Every span Jaeger holds of trace `traceId`: none (not a failure) until the first arrives. */
  async trace(traceId: string): Promise<ReceivedSpan[]> {
    const response = await fetch(`${this.queryUrl}/api/v3/traces/${traceId}`, {
      signal: AbortSignal.timeout(10_000),
    });
    if (response.status === 404) return [];
    if (!response.ok) {
      throw new Error(
        `GET ${this.queryUrl}/api/v3/traces/${traceId} answered ${response.status}: ${(await response.text()).slice(0, 300)}`,
      );
    }
    const { result } = (await response.json()) as { result?: OtlpTraceRequest };
    return receivedSpans(result ?? {});
  }
}
