/** A lock span as Jaeger's query API returns it, reduced to what the page test compares. */
export interface JaegerLockSpan {
  spanId: string;
  name: string;
  outcome: string | undefined;
}

interface Answer {
  data: Array<{
    spans: Array<{
      spanID: string;
      operationName: string;
      tags: Array<{ key: string; value: unknown }>;
    }>;
  }> | null;
}

/**
 * Every span named `operation` on `resource` that Jaeger holds since `since` (ms), asked the
 * plain way (a tag search per service), independently of the page's own Jaeger client.
 */
export async function jaegerLockSpans(
  jaeger: string,
  operation: 'lock.hold' | 'lock.cas' | 'lock.acquire',
  resource: string,
  since: number,
): Promise<JaegerLockSpan[]> {
  const services = ((await (await fetch(`${jaeger}/api/services`)).json()) as { data: string[] })
    .data;
  const found = new Map<string, JaegerLockSpan>();
  for (const service of services) {
    const query = new URLSearchParams({
      service,
      operation,
      tags: JSON.stringify({ 'lock.resource': resource }),
      start: String(since * 1000),
      limit: '5000',
    });
    const answer = (await (await fetch(`${jaeger}/api/traces?${query}`)).json()) as Answer;
    for (const trace of answer.data ?? []) {
      for (const span of trace.spans) {
        const tag = (key: string) => span.tags.find((t) => t.key === key)?.value;
        if (span.operationName !== operation || tag('lock.resource') !== resource) continue;
        const outcome = tag('lock.outcome');
        found.set(span.spanID, {
          spanId: span.spanID,
          name: span.operationName,
          outcome: typeof outcome === 'string' ? outcome : undefined,
        });
      }
    }
  }
  return [...found.values()];
}
