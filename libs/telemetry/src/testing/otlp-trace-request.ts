/**
 * An OTLP `ExportTraceServiceRequest` in its JSON mapping (ids as hex, 64-bit numbers as
 * decimal strings or numbers, bytes as base64), reduced to the fields the receiver reads. The
 * protobuf decoder produces the same shape, so both encodings share one conversion.
 */
export interface OtlpTraceRequest {
  /** Spans grouped by the resource (service instance) that produced them. */
  resourceSpans?: OtlpResourceSpans[];
}

/** Spans of one resource. */
export interface OtlpResourceSpans {
  /** The producing resource; its attributes include `service.name`. */
  resource?: { attributes?: OtlpKeyValue[] };
  /** Spans grouped by instrumentation scope. */
  scopeSpans?: OtlpScopeSpans[];
}

/** Spans of one instrumentation scope (tracer name). */
export interface OtlpScopeSpans {
  /** The tracer that produced them. */
  scope?: { name?: string; version?: string };
  /** The spans. */
  spans?: OtlpSpan[];
}

/** One span. */
export interface OtlpSpan {
  /** 32 hex digits. */
  traceId?: string;
  /** 16 hex digits. */
  spanId?: string;
  /** 16 hex digits; empty or absent for a root span. */
  parentSpanId?: string;
  /** Span name. */
  name?: string;
  /** OTLP SpanKind: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind?: number;
  /** Start, nanoseconds since the epoch. */
  startTimeUnixNano?: string | number;
  /** End, nanoseconds since the epoch. */
  endTimeUnixNano?: string | number;
  /** Span attributes. */
  attributes?: OtlpKeyValue[];
  /** Timed events (exceptions among them). */
  events?: Array<{ name?: string; timeUnixNano?: string | number; attributes?: OtlpKeyValue[] }>;
  /** Links to other spans. */
  links?: Array<{ traceId?: string; spanId?: string; attributes?: OtlpKeyValue[] }>;
  /** OTLP status: code 0 unset, 1 ok, 2 error. */
  status?: { code?: number; message?: string };
}

/** One attribute. */
export interface OtlpKeyValue {
  /** Attribute name. */
  key?: string;
  /** Attribute value. */
  value?: OtlpAnyValue;
}

/** An attribute value: exactly one member is set. */
export interface OtlpAnyValue {
  /** A string. */
  stringValue?: string;
  /** A boolean. */
  boolValue?: boolean;
  /** A 64-bit integer, as a decimal string or (from some encoders) a number. */
  intValue?: string | number;
  /** A double. */
  doubleValue?: number;
  /** A homogeneous array. */
  arrayValue?: { values?: OtlpAnyValue[] };
  /** A nested map. */
  kvlistValue?: { values?: OtlpKeyValue[] };
  /** Bytes, base64. */
  bytesValue?: string;
}
