import { AsyncLocalStorage } from 'node:async_hooks';
import {
  type Context,
  type ContextManager,
  context,
  createTraceState,
  isSpanContextValid,
  propagation,
  ROOT_CONTEXT,
  type TextMapGetter,
  type TextMapPropagator,
  type TextMapSetter,
  trace,
} from '@opentelemetry/api';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';

/**
 * What a service's OpenTelemetry SDK registers, reduced to what these tests need. The
 * workspace has sdk-trace but not the Node context manager or the core propagator, so
 * both are written out here (each is a few lines over AsyncLocalStorage and the W3C format).
 */
class AsyncLocalContextManager implements ContextManager {
  private readonly storage = new AsyncLocalStorage<Context>();

  active(): Context {
    return this.storage.getStore() ?? ROOT_CONTEXT;
  }

  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    ctx: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    return this.storage.run(ctx, () => fn.call(thisArg, ...args));
  }

  bind<T>(ctx: Context, target: T): T {
    if (typeof target !== 'function') return target;
    const run = (...args: unknown[]) => this.with(ctx, () => target(...args));
    return run as T;
  }

  enable(): this {
    return this;
  }

  disable(): this {
    this.storage.disable();
    return this;
  }
}

const traceparentPattern = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** W3C Trace Context (`traceparent` version 00 and `tracestate`). */
class W3CTraceContextPropagator implements TextMapPropagator {
  inject(ctx: Context, carrier: unknown, setter: TextMapSetter): void {
    const span = trace.getSpanContext(ctx);
    if (span === undefined || !isSpanContextValid(span)) return;
    const flags = (span.traceFlags & 1).toString(16).padStart(2, '0');
    setter.set(carrier, 'traceparent', `00-${span.traceId}-${span.spanId}-${flags}`);
    const state = span.traceState?.serialize();
    if (state) setter.set(carrier, 'tracestate', state);
  }

  extract(ctx: Context, carrier: unknown, getter: TextMapGetter): Context {
    const first = (value: string | string[] | undefined) =>
      Array.isArray(value) ? value[0] : value;
    const match = traceparentPattern.exec(first(getter.get(carrier, 'traceparent')) ?? '');
    if (match === null) return ctx;
    const [, traceId = '', spanId = '', flags = '00'] = match;
    const state = first(getter.get(carrier, 'tracestate'));
    return trace.setSpanContext(ctx, {
      traceId,
      spanId,
      traceFlags: Number.parseInt(flags, 16),
      isRemote: true,
      ...(state ? { traceState: createTraceState(state) } : {}),
    });
  }

  fields(): string[] {
    return ['traceparent', 'tracestate'];
  }
}

/** Registers a tracer provider recording into memory, a context manager and a propagator. */
export function installTestTracing(): InMemorySpanExporter {
  // Another test file in the same worker may have registered first; start from a clean slate.
  trace.disable();
  context.disable();
  propagation.disable();
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  context.setGlobalContextManager(new AsyncLocalContextManager());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  return exporter;
}

/** Unregisters everything {@link installTestTracing} registered. */
export function uninstallTestTracing(): void {
  trace.disable();
  context.disable();
  propagation.disable();
}
