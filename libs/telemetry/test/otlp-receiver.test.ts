import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
// Not a dependency of this package (the SDK brings it): used only to produce real protobuf.
import { OTLPTraceExporter as ProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from '../src/testing/index.ts';

/** POSTs a raw body to the receiver; resolves with the status. */
function post(url: string, path: string, headers: Record<string, string>, body: Buffer | string) {
  return new Promise<number>((resolve, reject) => {
    const target = new URL(path, url);
    request(target, { method: 'POST', headers }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    })
      .on('error', reject)
      .end(body);
  });
}

describe('startOtlpReceiver: a real OTLP/HTTP trace receiver', () => {
  let receiver: OtlpReceiver;
  beforeEach(async () => {
    receiver = await startOtlpReceiver();
  });
  afterEach(() => receiver.close());

  it('decodes the same spans identically from the JSON and the protobuf exporters', async () => {
    const provider = new TracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'encodings', 'deploy.zone': 'a' }),
      spanProcessors: [
        new SimpleSpanProcessor({
          exporter: new JsonExporter({ url: `${receiver.url}/v1/traces` }),
        }),
        new SimpleSpanProcessor({
          exporter: new ProtobufExporter({ url: `${receiver.url}/v1/traces` }),
        }),
      ],
    });
    const tracer = provider.getTracer('encodings-test', '1.2.3');
    const linked = tracer.startSpan('linked');
    linked.end();
    const span = tracer.startSpan('kafka.send payment.requested', {
      kind: SpanKind.PRODUCER,
      attributes: {
        text: 'héllo',
        int: 42,
        negative: -7,
        double: 2.5,
        flag: false,
        list: ['a', 'b'],
        numbers: [1, 2, 3],
      },
      links: [{ context: linked.spanContext(), attributes: { why: 'caused-by' } }],
    });
    span.addEvent('retry', { attempt: 2 });
    span.recordException(new Error('broker down'));
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'gave up' });
    span.end();
    await provider.shutdown();

    const copies = await receiver.waitForSpans((s) => s.name === 'kafka.send payment.requested');
    await receiver.waitForSpans((s) => s.name === 'linked');
    const both = receiver.spans().filter((s) => s.spanId === span.spanContext().spanId);
    expect(copies.length).toBeGreaterThanOrEqual(1);
    expect(both).toHaveLength(2);
    const [fromJson, fromProtobuf] = both as [ReceivedSpan, ReceivedSpan];
    expect(fromProtobuf).toEqual(fromJson);
    expect(fromJson).toMatchObject({
      traceId: span.spanContext().traceId,
      kind: 'producer',
      serviceName: 'encodings',
      scope: 'encodings-test',
      attributes: {
        text: 'héllo',
        int: 42,
        negative: -7,
        double: 2.5,
        flag: false,
        list: ['a', 'b'],
        numbers: [1, 2, 3],
      },
      resource: { 'service.name': 'encodings', 'deploy.zone': 'a' },
      status: { code: 'error', message: 'gave up' },
      links: [
        {
          traceId: linked.spanContext().traceId,
          spanId: linked.spanContext().spanId,
          attributes: { why: 'caused-by' },
        },
      ],
    });
    expect(fromJson.events.map((event) => event.name)).toEqual(['retry', 'exception']);
    expect(fromJson.events[1]?.attributes['exception.message']).toBe('broker down');
    expect(fromJson.endTimeUnixNano).toBeGreaterThan(fromJson.startTimeUnixNano);
  });

  it('accepts gzip-compressed bodies', async () => {
    const body = gzipSync(
      JSON.stringify({
        resourceSpans: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: 'zipped' } }] },
            scopeSpans: [
              {
                scope: { name: 'raw' },
                spans: [
                  {
                    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
                    spanId: '00f067aa0ba902b7',
                    parentSpanId: '',
                    name: 'compressed',
                    kind: 2,
                    startTimeUnixNano: '1700000000000000000',
                    endTimeUnixNano: '1700000000500000000',
                    attributes: [{ key: 'big', value: { intValue: '9007199254740993' } }],
                  },
                ],
              },
            ],
          },
        ],
      }),
    );
    const status = await post(
      receiver.url,
      '/v1/traces',
      { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body,
    );
    expect(status).toBe(200);
    expect(receiver.spans()).toEqual([
      expect.objectContaining({
        name: 'compressed',
        kind: 'server',
        parentSpanId: undefined,
        serviceName: 'zipped',
        // Beyond 2^53 an int64 stays exact, as a string.
        attributes: { big: '9007199254740993' },
        startTimeUnixNano: 1_700_000_000_000_000_000n,
        endTimeUnixNano: 1_700_000_000_500_000_000n,
      }),
    ]);
  });

  it('refuses what is not an OTLP trace export, and keeps no spans from it', async () => {
    const json = { 'content-type': 'application/json' };
    expect(await post(receiver.url, '/v1/metrics', json, '{}')).toBe(404);
    expect(await post(receiver.url, '/v1/traces', { 'content-type': 'text/plain' }, 'x')).toBe(415);
    expect(await post(receiver.url, '/v1/traces', json, '{not json')).toBe(400);
    const truncated = Buffer.from([0x0a, 0x05, 0x0a]); // field 1, length 5, one byte present
    expect(
      await post(
        receiver.url,
        '/v1/traces',
        { 'content-type': 'application/x-protobuf' },
        truncated,
      ),
    ).toBe(400);
    expect(receiver.spans()).toEqual([]);
  });

  it('waitForSpans rejects on timeout naming what did arrive, and close() rejects pending waits', async () => {
    await expect(receiver.waitForSpans(() => false, 50)).rejects.toThrow(
      /no matching span within 50 ms; received: none/,
    );
    const pending = receiver.waitForSpans(() => false, 10_000);
    await receiver.close();
    await expect(pending).rejects.toThrow(/receiver closed/);
    receiver = await startOtlpReceiver(); // for afterEach
  });
});
