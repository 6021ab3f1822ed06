import { AsyncLocalStorage } from 'node:async_hooks';
import {
  type Context,
  type ContextManager,
  context,
  ROOT_CONTEXT,
  TraceFlags,
  trace,
} from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLogger } from '../../test/support/memory-logger.ts';

/**
 * The smallest real context manager: what the OpenTelemetry SDK installs, minus the SDK.
 * Without one, @opentelemetry/api has no active context and so no active span.
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
  bind<T>(_ctx: Context, target: T): T {
    return target;
  }
  enable(): this {
    return this;
  }
  disable(): this {
    return this;
  }
}

const spanContext = {
  traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
  spanId: '00f067aa0ba902b7',
  traceFlags: TraceFlags.SAMPLED,
};

describe('createLogger', () => {
  beforeAll(() => {
    context.setGlobalContextManager(new AsyncLocalContextManager());
  });
  afterAll(() => {
    context.disable();
  });

  it('writes JSON lines with service, instance, level name and the child component', () => {
    const { logger, lines } = memoryLogger();
    logger.child({ component: 'outbox-relay' }).info({ published: 3 }, 'batch published');
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'info',
        service: 'kit-test',
        instance: 'test-1',
        component: 'outbox-relay',
        published: 3,
        msg: 'batch published',
      }),
    ]);
    expect(lines[0]?.trace_id).toBeUndefined();
  });

  it('adds trace_id and span_id of the active span, so a log line leads to its trace', () => {
    const { logger, lines } = memoryLogger();
    const span = trace.wrapSpanContext(spanContext);
    context.with(trace.setSpan(context.active(), span), () => logger.info('inside a span'));
    logger.info('outside');
    expect(lines[0]).toMatchObject({ trace_id: spanContext.traceId, span_id: spanContext.spanId });
    expect(lines[1]?.trace_id).toBeUndefined();
  });

  it('redacts authorization and cookie headers', () => {
    const { logger, lines } = memoryLogger();
    logger.info(
      { req: { headers: { authorization: 'Bearer abc', cookie: 'sid=1', accept: '*/*' } } },
      'request',
    );
    expect(lines[0]?.req).toEqual({
      headers: { authorization: '[REDACTED]', cookie: '[REDACTED]', accept: '*/*' },
    });
  });
});
