import type { OtlpAnyValue, OtlpKeyValue, OtlpTraceRequest } from './otlp-trace-request.js';

/** An attribute value as plain data; 64-bit integers beyond 2^53 stay decimal strings. */
export type PlainValue =
  | string
  | number
  | boolean
  | null
  | PlainValue[]
  | { [key: string]: PlainValue };

/** Attributes as a plain object. */
export type PlainAttributes = Record<string, PlainValue>;

/** Span kind by name, as OTLP numbers it. */
export type ReceivedSpanKind =
  | 'unspecified'
  | 'internal'
  | 'server'
  | 'client'
  | 'producer'
  | 'consumer';

const kinds: ReceivedSpanKind[] = [
  'unspecified',
  'internal',
  'server',
  'client',
  'producer',
  'consumer',
];
const statusCodes = ['unset', 'ok', 'error'] as const;

/** One span as the receiver got it over OTLP, flattened with its resource and scope. */
export interface ReceivedSpan {
  /** 32 hex digits. */
  traceId: string;
  /** 16 hex digits. */
  spanId: string;
  /** 16 hex digits; undefined for a root span. */
  parentSpanId: string | undefined;
  /** Span name. */
  name: string;
  /** Span kind. */
  kind: ReceivedSpanKind;
  /** `service.name` of the resource that sent it. */
  serviceName: string | undefined;
  /** Name of the tracer (instrumentation scope), e.g. `@opentelemetry/instrumentation-pg`. */
  scope: string | undefined;
  /** Span attributes. */
  attributes: PlainAttributes;
  /** Attributes of the sending resource (`service.*`, `telemetry.sdk.*`). */
  resource: PlainAttributes;
  /** Start, nanoseconds since the epoch. */
  startTimeUnixNano: bigint;
  /** End, nanoseconds since the epoch. */
  endTimeUnixNano: bigint;
  /** Status code and message. */
  status: { code: 'unset' | 'ok' | 'error'; message: string | undefined };
  /** Events by name with their attributes (`exception` for a recorded error). */
  events: Array<{ name: string; attributes: PlainAttributes }>;
  /** Links to other spans. */
  links: Array<{ traceId: string; spanId: string; attributes: PlainAttributes }>;
}

/**
 * Flattens an export request into its spans. Jaeger's query API v3 answers a trace in the same
 * JSON (`/api/v3/traces/{id}`: `{ result: { resourceSpans } }`), so its spans read the same way.
 */
export function receivedSpans(request: OtlpTraceRequest): ReceivedSpan[] {
  const spans: ReceivedSpan[] = [];
  for (const resourceSpans of request.resourceSpans ?? []) {
    const resource = plainAttributes(resourceSpans.resource?.attributes);
    const serviceName = resource['service.name'];
    for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
      for (const span of scopeSpans.spans ?? []) {
        spans.push({
          traceId: span.traceId ?? '',
          spanId: span.spanId ?? '',
          parentSpanId: span.parentSpanId ? span.parentSpanId : undefined,
          name: span.name ?? '',
          kind: kinds[span.kind ?? 0] ?? 'unspecified',
          serviceName: typeof serviceName === 'string' ? serviceName : undefined,
          scope: scopeSpans.scope?.name,
          attributes: plainAttributes(span.attributes),
          resource,
          startTimeUnixNano: BigInt(span.startTimeUnixNano ?? 0),
          endTimeUnixNano: BigInt(span.endTimeUnixNano ?? 0),
          status: {
            code: statusCodes[span.status?.code ?? 0] ?? 'unset',
            message: span.status?.message || undefined,
          },
          events: (span.events ?? []).map((event) => ({
            name: event.name ?? '',
            attributes: plainAttributes(event.attributes),
          })),
          links: (span.links ?? []).map((link) => ({
            traceId: link.traceId ?? '',
            spanId: link.spanId ?? '',
            attributes: plainAttributes(link.attributes),
          })),
        });
      }
    }
  }
  return spans;
}

function plainAttributes(attributes: OtlpKeyValue[] | undefined): PlainAttributes {
  const result: PlainAttributes = {};
  for (const { key, value } of attributes ?? []) {
    if (key !== undefined) result[key] = plainValue(value);
  }
  return result;
}

function plainValue(value: OtlpAnyValue | undefined): PlainValue {
  if (value === undefined) return null;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) {
    const number = Number(value.intValue);
    return Number.isSafeInteger(number) ? number : String(value.intValue);
  }
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.arrayValue !== undefined) return (value.arrayValue.values ?? []).map(plainValue);
  if (value.kvlistValue !== undefined) return plainAttributes(value.kvlistValue.values);
  if (value.bytesValue !== undefined) return value.bytesValue;
  return null;
}
