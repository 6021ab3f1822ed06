import { context, propagation, ROOT_CONTEXT, SpanStatusCode, trace } from '@opentelemetry/api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTelemetry, type Telemetry } from '../src/index.ts';
import { type OtlpReceiver, startOtlpReceiver } from '../src/testing/index.ts';

describe('startTelemetry: spans to an OTLP/HTTP receiver', () => {
  let receiver: OtlpReceiver;
  let telemetry: Telemetry | undefined;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
  });
  afterEach(async () => {
    await telemetry?.shutdown();
    telemetry = undefined;
  });
  afterAll(() => receiver.close());

  const start = (sampleRatio?: number) =>
    startTelemetry({
      serviceName: 'trace-test',
      instanceId: 'trace-test-1',
      otlpEndpoint: receiver.url,
      sampleRatio,
      // In-process the contrib instrumentations may not load (see test/support/child-service.ts);
      // that line is not this file's subject, and auto-instrumentation is tested in a child.
      diagnostics: () => {},
    });

  it('a lock.acquire span made through @opentelemetry/api arrives with its attributes and service', async () => {
    telemetry = await start();
    const span = trace.getTracer('@lockstep/locks').startSpan('lock.acquire', {
      attributes: { 'lock.strategy': 'redlock', 'lock.resource': 'wallet:42', 'lock.attempts': 3 },
    });
    span.setAttribute('lock.contended', true);
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'timeout' });
    span.end();
    const { traceId, spanId } = span.spanContext();

    const [received] = await receiver.waitForSpans((s) => s.spanId === spanId);
    expect(received).toMatchObject({
      traceId,
      spanId,
      parentSpanId: undefined,
      name: 'lock.acquire',
      kind: 'internal',
      serviceName: 'trace-test',
      scope: '@lockstep/locks',
      attributes: {
        'lock.strategy': 'redlock',
        'lock.resource': 'wallet:42',
        'lock.attempts': 3,
        'lock.contended': true,
      },
      resource: {
        'service.name': 'trace-test',
        'service.instance.id': 'trace-test-1',
        'service.namespace': 'lockstep',
      },
      status: { code: 'error', message: 'timeout' },
    });
    expect(received?.endTimeUnixNano).toBeGreaterThanOrEqual(received?.startTimeUnixNano ?? 0n);
  });

  it('child spans share the trace and the W3C traceparent of the active span is propagated', async () => {
    telemetry = await start();
    const tracer = trace.getTracer('test');
    const headers: Record<string, string> = {};
    const parent = tracer.startSpan('saga.step');
    context.with(trace.setSpan(context.active(), parent), () => {
      tracer.startSpan('db.write').end();
      propagation.inject(context.active(), headers);
    });
    parent.end();
    const { traceId, spanId } = parent.spanContext();

    expect(headers.traceparent).toBe(`00-${traceId}-${spanId}-01`);
    const [child] = await receiver.waitForSpans(
      (s) => s.name === 'db.write' && s.traceId === traceId,
    );
    expect(child?.parentSpanId).toBe(spanId);
  });

  it('sampleRatio 0 exports no new trace, yet follows a sampled parent from another service', async () => {
    telemetry = await start(0);
    const tracer = trace.getTracer('test');
    const unsampled = tracer.startSpan('not.sampled');
    unsampled.end();
    expect(unsampled.isRecording()).toBe(false);

    // A message whose producer sampled its trace: parent-based sampling keeps it whole.
    const remote = propagation.extract(ROOT_CONTEXT, {
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    });
    tracer.startSpan('consumer.step', {}, remote).end();

    await receiver.waitForSpans((s) => s.name === 'consumer.step');
    await telemetry.flush();
    expect(receiver.spans().filter((s) => s.name === 'not.sampled')).toEqual([]);
    expect(receiver.spans().find((s) => s.name === 'consumer.step')).toMatchObject({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      parentSpanId: '00f067aa0ba902b7',
    });
  });

  it('rejects a sampleRatio outside 0..1', async () => {
    await expect(start(1.5)).rejects.toThrow(RangeError);
  });

  it('after shutdown the API is a no-op again and a second shutdown resolves too', async () => {
    const started = await start();
    await started.shutdown();
    await started.shutdown();
    expect(trace.getTracer('test').startSpan('after').isRecording()).toBe(false);
  });

  it('enabled: false starts nothing', async () => {
    telemetry = await startTelemetry({ serviceName: 'x', instanceId: 'x-1', enabled: false });
    expect(telemetry.tracerProvider).toBeUndefined();
    expect(trace.getTracer('test').startSpan('off').isRecording()).toBe(false);
  });
});
