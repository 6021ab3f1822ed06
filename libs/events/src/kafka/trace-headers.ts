import {
  type Context,
  context,
  propagation,
  type TextMapGetter,
  type TextMapSetter,
} from '@opentelemetry/api';
import type { IHeaders } from 'kafkajs';

/**
 * The trace context a piece of work runs in, opaque to callers. Work that is queued and served
 * later (a coalesced batch) captures it with {@link currentTraceContext} and hands it to
 * `enqueue`, so its event continues the request's trace rather than the batch runner's.
 */
export type TraceContext = Context;

/** The active trace context, to be carried along with queued work. */
export function currentTraceContext(): TraceContext {
  return context.active();
}

/** Reads propagation fields from kafkajs headers, whose values arrive as Buffers. */
export const kafkaHeaderGetter: TextMapGetter<IHeaders> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const value = carrier[key];
    if (value === undefined) return undefined;
    return Array.isArray(value) ? value.map((part) => part.toString()) : value.toString();
  },
};

/** Writes propagation fields as plain strings, so they can be stored as JSON in the outbox. */
export const stringHeaderSetter: TextMapSetter<Record<string, string>> = {
  set: (carrier, key, value) => {
    carrier[key] = value;
  },
};

/**
 * The W3C trace context (`traceparent`, `tracestate`) of `ctx` as headers, using whatever
 * propagator is registered; with none (no SDK) this is `{}` and events still flow untraced.
 */
export function injectTraceHeaders(ctx: Context = context.active()): Record<string, string> {
  const headers: Record<string, string> = {};
  propagation.inject(ctx, headers, stringHeaderSetter);
  return headers;
}

/** The trace context carried by a message's headers, on top of `base` (default: active). */
export function extractTraceContext(
  headers: IHeaders | undefined,
  base: Context = context.active(),
): Context {
  return propagation.extract(base, headers ?? {}, kafkaHeaderGetter);
}
