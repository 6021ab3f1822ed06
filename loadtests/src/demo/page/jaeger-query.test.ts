import { describe, expect, it } from 'vitest';
import { spansOf } from './jaeger-query.ts';

describe("Jaeger's v1 JSON as spans", () => {
  it('reads parent, links, process instance, tags and times, each span once', () => {
    const span = {
      traceID: 'aa',
      spanID: 's2',
      operationName: 'lock.acquire',
      references: [
        { refType: 'CHILD_OF', spanID: 's1' },
        { refType: 'FOLLOWS_FROM', spanID: 'x9' },
      ],
      startTime: 1_700_000_000_000_000,
      duration: 2_500,
      tags: [
        { key: 'lock.resource', value: 'sku:1' },
        { key: 'lock.contended', value: true },
        { key: 'otel.status_code', value: 'ERROR' },
      ],
      processID: 'p1',
    };
    const spans = spansOf({
      data: [
        {
          traceID: 'aa',
          spans: [span, span],
          processes: {
            p1: {
              serviceName: 'inventory',
              tags: [{ key: 'service.instance.id', value: 'inventory-a-1' }],
            },
          },
        },
      ],
    });
    expect(spans).toEqual([
      {
        traceId: 'aa',
        spanId: 's2',
        parentId: 's1',
        name: 'lock.acquire',
        service: 'inventory',
        instance: 'inventory-a-1',
        start: 1_700_000_000_000,
        end: 1_700_000_000_002.5,
        attributes: {
          'lock.resource': 'sku:1',
          'lock.contended': true,
          'otel.status_code': 'ERROR',
        },
        links: ['x9'],
        error: true,
      },
    ]);
  });
});
