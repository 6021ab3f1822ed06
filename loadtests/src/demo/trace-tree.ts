import type { ReceivedSpan } from '@lockstep/telemetry/testing';

/** Instrumentation too chatty for a terminal: counted under their parent, not listed. */
const quietScopes = ['@opentelemetry/instrumentation-pg', '@opentelemetry/instrumentation-ioredis'];

/**
 * Framework layers (Express's `request handler`, and its middleware and router spans when they
 * are enabled): they repeat the HTTP span above them and push the lock spans one level deeper,
 * so they are left out, their children shown in their place, unless asked for.
 */
const frameworkScopes = ['@opentelemetry/instrumentation-express'];

/** How {@link formatTraceTree} draws a trace. */
export interface TraceTreeOptions {
  /** List framework middleware and request-handler spans too (default: hidden). */
  showMiddleware?: boolean;
}

const durationMs = (span: ReceivedSpan) =>
  Number(span.endTimeUnixNano - span.startTimeUnixNano) / 1e6;

/**
 * The trace among `spans` that shows a lock saga best: started by `services[0]` (its root
 * span), with spans from every one of `services`, and of those the one whose lock acquires
 * waited longest. Undefined if no trace qualifies.
 */
export function pickTrace(
  spans: readonly ReceivedSpan[],
  services: readonly string[],
): string | undefined {
  const traces = new Map<
    string,
    { services: Set<string>; root: string | undefined; lockWaitMs: number }
  >();
  for (const span of spans) {
    const entry = traces.get(span.traceId) ?? {
      services: new Set(),
      root: undefined,
      lockWaitMs: 0,
    };
    if (span.serviceName) entry.services.add(span.serviceName);
    if (span.parentSpanId === undefined) entry.root = span.serviceName;
    if (span.name === 'lock.acquire') entry.lockWaitMs += durationMs(span);
    traces.set(span.traceId, entry);
  }
  let best: { traceId: string; lockWaitMs: number } | undefined;
  for (const [traceId, entry] of traces) {
    if (entry.root !== services[0]) continue;
    if (!services.every((service) => entry.services.has(service))) continue;
    if (!best || entry.lockWaitMs > best.lockWaitMs)
      best = { traceId, lockWaitMs: entry.lockWaitMs };
  }
  return best?.traceId;
}

/**
 * One trace as an indented tree in start order: service, span name, duration, and for lock
 * spans the resource, token, outcome and whether it was contended. Database and Redis client
 * spans are folded into a count on their parent; framework spans are left out (see
 * {@link frameworkScopes}) unless `showMiddleware` is set.
 */
export function formatTraceTree(
  spans: readonly ReceivedSpan[],
  traceId: string,
  options: TraceTreeOptions = {},
): string {
  const all = spans.filter((span) => span.traceId === traceId);
  const byId = new Map(all.map((span) => [span.spanId, span]));
  const hidden = (span: ReceivedSpan) =>
    !options.showMiddleware && frameworkScopes.includes(span.scope ?? '');
  // The nearest ancestor that is drawn; a parent that never arrived (sampled out, still in a
  // buffer) makes its child a root.
  const drawnParent = (span: ReceivedSpan): string | undefined => {
    let parent = span.parentSpanId === undefined ? undefined : byId.get(span.parentSpanId);
    while (parent !== undefined && hidden(parent)) {
      parent = parent.parentSpanId === undefined ? undefined : byId.get(parent.parentSpanId);
    }
    return parent?.spanId;
  };
  const own = all.filter((span) => !hidden(span));
  const children = new Map<string | undefined, ReceivedSpan[]>();
  for (const span of own) {
    const parent = drawnParent(span);
    children.set(parent, [...(children.get(parent) ?? []), span]);
  }
  // bigint nanoseconds: Math.min does not take them.
  let start = all[0]?.startTimeUnixNano ?? 0n;
  for (const span of all) if (span.startTimeUnixNano < start) start = span.startTimeUnixNano;
  const lines: string[] = [];
  const walk = (parent: string | undefined, depth: number) => {
    const list = [...(children.get(parent) ?? [])].sort((a, b) =>
      a.startTimeUnixNano < b.startTimeUnixNano ? -1 : 1,
    );
    const quiet = list.filter((span) => quietScopes.includes(span.scope ?? ''));
    for (const span of list) {
      if (quietScopes.includes(span.scope ?? '')) continue;
      const offset = Number(span.startTimeUnixNano - start) / 1e6;
      lines.push(
        `${'  '.repeat(depth + 1)}+${offset.toFixed(0).padStart(5)} ms  ${(span.serviceName ?? '?').padEnd(19)} ${span.name} ${durationMs(span).toFixed(1)} ms${lockDetails(span)}`,
      );
      walk(span.spanId, depth + 1);
    }
    if (quiet.length > 0) {
      lines.push(`${'  '.repeat(depth + 1)}        (${quiet.length} database/redis calls)`);
    }
  };
  walk(undefined, 0);
  return lines.join('\n');
}

function lockDetails(span: ReceivedSpan): string {
  const a = span.attributes;
  if (typeof a['lock.strategy'] !== 'string') return '';
  const parts = [
    `${a['lock.strategy']} ${a['lock.resource']}`,
    a['lock.token'] === undefined ? undefined : `token ${a['lock.token']}`,
    a['lock.outcome'] === undefined ? undefined : String(a['lock.outcome']),
    a['lock.contended'] === true ? 'contended' : undefined,
    span.links.length > 0 ? `waited behind ${span.links.length}` : undefined,
  ].filter((part) => part !== undefined);
  return `  [${parts.join(', ')}]`;
}
