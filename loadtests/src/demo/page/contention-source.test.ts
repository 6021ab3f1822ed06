import { describe, expect, it } from 'vitest';
import { ContentionSource } from './contention-source.ts';
import type { JaegerQuery, TracedSpan } from './jaeger-query.ts';
import type { PrometheusQuery } from './prometheus-query.ts';

function hold(instance: string, outcome: string): TracedSpan {
  return {
    traceId: `t-${instance}`,
    spanId: `s-${instance}`,
    parentId: undefined,
    name: 'lock.hold',
    service: 'booking',
    instance,
    start: 1,
    end: 2,
    attributes: { 'lock.strategy': 'etcd', 'lock.resource': 'seat:1:A1', 'lock.outcome': outcome },
    links: [],
    error: false,
  };
}

/** A Jaeger that answers every search with `spans` and counts the searches. */
function fakeJaeger(spans: TracedSpan[]) {
  const calls = { searches: 0 };
  const jaeger = {
    url: 'http://jaeger',
    services: async () => ['booking', 'jaeger'],
    operations: async () => ['lock.hold'],
    search: async () => {
      calls.searches += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return spans;
    },
    trace: async () => [],
    uiPresent: async () => false,
  } as unknown as JaegerQuery;
  return { jaeger, calls };
}

const silentPrometheus = {
  url: 'http://prometheus',
  instant: async () => [],
  targets: async () => [],
} as unknown as PrometheusQuery;

describe('the contention source', () => {
  it('requests that arrive while a report is being built share that build', async () => {
    const { jaeger, calls } = fakeJaeger([hold('booking-a-r1', 'released')]);
    const source = new ContentionSource({
      jaeger,
      prometheus: silentPrometheus,
      since: 0,
      ownTraceUrl: '/trace/{traceId}',
    });
    const [first, second] = await Promise.all([source.report(), source.report()]);
    expect(first).toBe(second);
    expect(calls.searches).toBe(1);
    expect(first.traceUrl).toBe('/trace/{traceId}');
  });

  it('once it follows a fleet run, spans of other runs sharing Jaeger are left out', async () => {
    const { jaeger } = fakeJaeger([hold('booking-a-r1', 'lost'), hold('booking-a-r2', 'released')]);
    const source = new ContentionSource({
      jaeger,
      prometheus: silentPrometheus,
      since: 0,
      ownTraceUrl: '/trace/{traceId}',
    });
    source.follow('r1', []);
    const report = await source.report();
    expect(report.lanes.map((lane) => [lane.resource, lane.holds, lane.lost])).toEqual([
      ['seat:1:A1', 1, 1],
    ]);
  });
});
