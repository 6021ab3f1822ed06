import { randomBytes } from 'node:crypto';

/** A W3C trace context this test starts, so it knows the trace id before the request. */
export interface TestTraceParent {
  /** 32 hex digits. */
  traceId: string;
  /** 16 hex digits: the (unexported) client span the service's server span is a child of. */
  spanId: string;
  /** The `traceparent` header, flagged sampled. */
  header: string;
}

/** A new sampled trace context: the services record a trace that arrives sampled. */
export function newTraceParent(): TestTraceParent {
  const traceId = randomBytes(16).toString('hex');
  const spanId = randomBytes(8).toString('hex');
  return { traceId, spanId, header: `00-${traceId}-${spanId}-01` };
}
