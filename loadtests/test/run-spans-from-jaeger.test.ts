import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { localTopology } from '@lockstep/infra-local';
import { describe, expect, it } from 'vitest';
import { runSpansFromJaeger } from '../src/demo/run-spans-from-jaeger.ts';

const topology = localTopology();
const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** One OTLP/JSON resource with one span of `traceId`. */
function resourceSpans(service: string, instanceId: string, traceId: string, name: string) {
  const now = BigInt(Date.now()) * 1_000_000n;
  return {
    resource: {
      attributes: [
        { key: 'service.name', value: { stringValue: service } },
        { key: 'service.instance.id', value: { stringValue: instanceId } },
      ],
    },
    scopeSpans: [
      {
        scope: { name: 'run-spans-test' },
        spans: [
          {
            traceId,
            spanId: hex(8),
            name,
            kind: 2,
            startTimeUnixNano: String(now),
            endTimeUnixNano: String(now + 5_000_000n),
          },
        ],
      },
    ],
  };
}

/** Against the stack's real Jaeger: what the demo prints when its spans went there. */
describe('runSpansFromJaeger', () => {
  it("reads back a run's traces and keeps only the spans of that run's replicas", async () => {
    const service = `demo-read-back-${hex(4)}`;
    const runId = hex(4);
    const traceId = hex(16);
    const since = Date.now() - 1_000;
    const response = await fetch(`${topology.otlpHttp}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        resourceSpans: [
          resourceSpans(service, `${service}-1-${runId}`, traceId, 'POST /orders'),
          // Another run's consumer, adding its span to our trace off the shared topic.
          resourceSpans(service, `${service}-1-someone-else`, traceId, 'foreign consume'),
        ],
      }),
    });
    expect(response.status).toBe(200);
    let spans: Awaited<ReturnType<typeof runSpansFromJaeger>> = [];
    for (let attempt = 0; attempt < 50 && spans.length === 0; attempt++) {
      await delay(200);
      spans = await runSpansFromJaeger({
        jaeger: topology.jaegerQuery,
        runId,
        since,
        services: [service],
        tracesPerService: 5,
      });
    }
    expect(spans.map((span) => [span.traceId, span.name])).toEqual([[traceId, 'POST /orders']]);
  });
});
