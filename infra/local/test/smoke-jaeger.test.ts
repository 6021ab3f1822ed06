import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { localTopology } from '../src/topology.ts';
import { poll, promQuery } from './poll.ts';
import { uniqueName } from './unique-name.ts';

const topology = localTopology();

/** A span as Jaeger's query API returns it (the fields these tests read). */
interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  processID: string;
  tags: Array<{ key: string; value: unknown }>;
}

interface JaegerTrace {
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string }>;
}

/** The Monitor tab's call-rate answer (GET /api/metrics/calls), the fields read here. */
interface MonitorResponse {
  metrics?: Array<{
    labels: Array<{ name: string; value: string }>;
    metricPoints: Array<{ gaugeValue: { doubleValue: number } }>;
  }>;
}

/** A unique service's lock.acquire span, in OTLP's JSON mapping, with a fresh trace id. */
function lockSpanRequest(service: string) {
  const traceId = randomBytes(16).toString('hex');
  const spanId = randomBytes(8).toString('hex');
  const end = BigInt(Date.now()) * 1_000_000n;
  const request = {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
        scopeSpans: [
          {
            scope: { name: 'smoke-jaeger' },
            spans: [
              {
                traceId,
                spanId,
                name: 'lock.acquire',
                kind: 1,
                startTimeUnixNano: String(end - 25_000_000n),
                endTimeUnixNano: String(end),
                attributes: [
                  { key: 'lock.strategy', value: { stringValue: 'etcd' } },
                  { key: 'lock.outcome', value: { stringValue: 'acquired' } },
                  { key: 'lock.token', value: { intValue: '7' } },
                ],
                status: { code: 1 },
              },
            ],
          },
        ],
      },
    ],
  };
  return { traceId, spanId, request };
}

async function sendOverOtlpHttp(request: unknown): Promise<number> {
  const response = await fetch(`${topology.otlpHttp}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
    signal: AbortSignal.timeout(5_000),
  });
  await response.body?.cancel();
  return response.status;
}

async function readTrace(traceId: string): Promise<JaegerTrace | undefined> {
  const response = await fetch(`${topology.jaegerQuery}/api/traces/${traceId}`, {
    signal: AbortSignal.timeout(5_000),
  });
  // 404 until the span has gone through the batch processor into the store.
  if (response.status === 404) return undefined;
  const body = (await response.json()) as { data?: JaegerTrace[] };
  return body.data?.[0];
}

describe('smoke: jaeger', () => {
  it('jaeger: a span sent over OTLP/HTTP reads back through the query API on its service and trace id', async () => {
    const service = uniqueName('smoke-jaeger');
    const { traceId, spanId, request } = lockSpanRequest(service);
    expect(await sendOverOtlpHttp(request)).toBe(200);

    const trace = await poll(`trace ${traceId} in Jaeger`, () => readTrace(traceId));
    expect(trace.spans).toHaveLength(1);
    const [span] = trace.spans;
    expect(span).toMatchObject({ traceID: traceId, spanID: spanId, operationName: 'lock.acquire' });
    expect(trace.processes[span?.processID ?? '']?.serviceName).toBe(service);
    expect(span?.tags).toEqual(
      expect.arrayContaining([
        { key: 'lock.strategy', type: 'string', value: 'etcd' },
        { key: 'lock.token', type: 'int64', value: 7 },
      ]),
    );

    const services = await fetch(`${topology.jaegerQuery}/api/services`).then(
      (r) => r.json() as Promise<{ data: string[] }>,
    );
    expect(services.data).toContain(service);
  });

  it('jaeger: the spanmetrics of a span appear in Prometheus, labelled with its service, name and lock strategy, and the Monitor API reads them back', async () => {
    const service = uniqueName('smoke-spanmetrics');
    const { request } = lockSpanRequest(service);
    expect(await sendOverOtlpHttp(request)).toBe(200);

    // The connector flushes every 5 s and Prometheus scrapes every 5 s. A new series is first
    // exported at 0, so that rate() counts its first increment; wait for the span's 1.
    const selector = `traces_span_metrics_calls_total{service_name="${service}"}`;
    const calls = await poll(`${selector} counting the span`, async () => {
      const [sample] = await promQuery(topology.prometheus, selector);
      return sample && Number(sample.value[1]) > 0 ? sample : undefined;
    });
    expect(calls.metric).toMatchObject({
      service_name: service,
      span_name: 'lock.acquire',
      lock_strategy: 'etcd',
      lock_outcome: 'acquired',
    });
    expect(Number(calls.value[1])).toBe(1);

    const latency = await poll('the latency histogram counting the span', async () => {
      const [sample] = await promQuery(
        topology.prometheus,
        `traces_span_metrics_duration_milliseconds_count{service_name="${service}"}`,
      );
      return sample && Number(sample.value[1]) > 0 ? sample : undefined;
    });
    expect(Number(latency.value[1])).toBe(1);

    // Jaeger's Monitor tab asks its metrics backend, our Prometheus, for the same series.
    const monitor = `${topology.jaegerQuery}/api/metrics/calls?service=${service}&spanKind=internal&lookback=300000&step=5000&ratePer=60000`;
    const rates = await poll('a call rate from the Monitor API', async () => {
      const body = (await fetch(monitor).then((r) => r.json())) as MonitorResponse;
      const points = body.metrics?.[0]?.metricPoints ?? [];
      return points.some((p) => p.gaugeValue.doubleValue > 0) ? body : undefined;
    });
    expect(rates.metrics?.[0]?.labels).toContainEqual({ name: 'service_name', value: service });
  });

  it("jaeger: Prometheus scrapes Jaeger's spanmetrics endpoint and reports it up", async () => {
    const up = await poll('up{job="jaeger-spanmetrics"}', async () => {
      const [sample] = await promQuery(topology.prometheus, 'up{job="jaeger-spanmetrics"}');
      return sample;
    });
    expect(up.value[1]).toBe('1');
  });
});
