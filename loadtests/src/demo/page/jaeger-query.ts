/** One span as read from Jaeger, in the page's terms (ms since the epoch). */
export interface TracedSpan {
  traceId: string;
  spanId: string;
  /** The CHILD_OF reference; undefined for a root (or a parent Jaeger never received). */
  parentId: string | undefined;
  name: string;
  service: string;
  /** `service.instance.id` of the process, else its service name. */
  instance: string;
  start: number;
  end: number;
  attributes: Record<string, string | number | boolean>;
  /** Span ids of its links (Jaeger's FOLLOWS_FROM references): for an acquire, whom it waited behind. */
  links: string[];
  /** Status ERROR (Jaeger's `error` tag). */
  error: boolean;
}

/** What a trace search asks Jaeger for. */
export interface TraceSearch {
  service: string;
  operation: string;
  /** Spans starting at or after this time (ms since the epoch). */
  since: number;
  /** At most this many traces, the newest first (Jaeger's limit; at most its max_traces). */
  limit: number;
}

interface JaegerTag {
  key: string;
  value: unknown;
}

interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references?: Array<{ refType: string; spanID: string }> | null;
  startTime: number;
  duration: number;
  tags?: JaegerTag[] | null;
  processID: string;
}

interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string; tags?: JaegerTag[] | null }>;
}

/** The body of `/api/traces` and `/api/traces/{id}` in Jaeger's v1 JSON. */
export interface JaegerTracesAnswer {
  data: JaegerTrace[] | null;
  errors?: Array<{ msg: string }> | null;
}

/** Jaeger's placeholder at `/` when it was built without a UI (the Go module carries none). */
const placeholderMarker = 'This is not the Jaeger UI';

/**
 * The few calls of Jaeger's HTTP query API (`/api/services`, `/api/traces`) the page needs,
 * answered as {@link TracedSpan}s. Every call is bounded in time and throws on any failure.
 */
export class JaegerQuery {
  constructor(
    /** `http://host:16686`. */
    readonly url: string,
    private readonly timeoutMs = 10_000,
  ) {}

  /** The services Jaeger has spans from. */
  async services(): Promise<string[]> {
    const answer = (await this.get('/api/services')) as { data: string[] | null };
    return answer.data ?? [];
  }

  /** The span names Jaeger has seen from one service. */
  async operations(service: string): Promise<string[]> {
    const path = `/api/services/${encodeURIComponent(service)}/operations`;
    return ((await this.get(path)) as { data: string[] | null }).data ?? [];
  }

  /** Every span of the traces that have a span matching `search`. */
  async search(search: TraceSearch): Promise<TracedSpan[]> {
    const query = new URLSearchParams({
      service: search.service,
      operation: search.operation,
      start: String(Math.floor(search.since * 1000)),
      end: String(Date.now() * 1000),
      limit: String(search.limit),
    });
    return spansOf((await this.get(`/api/traces?${query}`)) as JaegerTracesAnswer);
  }

  /** Every span of one trace; empty if Jaeger does not have it (any more). */
  async trace(traceId: string): Promise<TracedSpan[]> {
    try {
      return spansOf(
        (await this.get(`/api/traces/${encodeURIComponent(traceId)}`)) as JaegerTracesAnswer,
      );
    } catch (error) {
      if ((error as { status?: number }).status === 404) return [];
      throw error;
    }
  }

  /** Whether `/` serves the real Jaeger UI rather than the placeholder of a UI-less build. */
  async uiPresent(): Promise<boolean> {
    try {
      const response = await fetch(this.url, { signal: AbortSignal.timeout(this.timeoutMs) });
      return response.ok && !(await response.text()).includes(placeholderMarker);
    } catch {
      // No answer at all: there is no UI to link to, which is what the caller asks.
      return false;
    }
  }

  private async get(path: string): Promise<unknown> {
    const response = await fetch(`${this.url}${path}`, {
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!response.ok) {
      const error = new Error(
        `Jaeger ${path} answered ${response.status}: ${(await response.text()).slice(0, 200)}`,
      );
      Object.assign(error, { status: response.status });
      throw error;
    }
    return response.json();
  }
}

/** Flattens Jaeger's traces into spans, each span once (Jaeger may repeat one). */
export function spansOf(answer: JaegerTracesAnswer): TracedSpan[] {
  const spans = new Map<string, TracedSpan>();
  for (const trace of answer.data ?? []) {
    for (const span of trace.spans) {
      if (spans.has(span.spanID)) continue;
      const process = trace.processes[span.processID];
      const service = process?.serviceName ?? '?';
      const attributes = tagsOf(span.tags);
      const instance = tagsOf(process?.tags)['service.instance.id'];
      spans.set(span.spanID, {
        traceId: span.traceID,
        spanId: span.spanID,
        parentId: span.references?.find((ref) => ref.refType === 'CHILD_OF')?.spanID,
        name: span.operationName,
        service,
        instance: typeof instance === 'string' ? instance : service,
        start: span.startTime / 1000,
        end: (span.startTime + span.duration) / 1000,
        attributes,
        links: (span.references ?? [])
          .filter((ref) => ref.refType === 'FOLLOWS_FROM')
          .map((ref) => ref.spanID),
        error: attributes.error === true || attributes['otel.status_code'] === 'ERROR',
      });
    }
  }
  return [...spans.values()];
}

function tagsOf(tags: JaegerTag[] | null | undefined): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const tag of tags ?? []) {
    const value = tag.value;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      out[tag.key] = value;
    }
  }
  return out;
}
