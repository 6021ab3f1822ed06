import type { ReceivedSpan } from '@lockstep/telemetry/testing';
import { describe, expect, it } from 'vitest';
import { formatTraceTree } from './trace-tree.ts';

const traceId = 'a'.repeat(32);

function span(
  spanId: string,
  parentSpanId: string | undefined,
  name: string,
  scope: string,
  startMs: number,
  attributes: ReceivedSpan['attributes'] = {},
): ReceivedSpan {
  return {
    traceId,
    spanId,
    parentSpanId,
    name,
    kind: 'internal',
    serviceName: 'inventory',
    scope,
    attributes,
    resource: {},
    startTimeUnixNano: BigInt(startMs) * 1_000_000n,
    endTimeUnixNano: BigInt(startMs + 5) * 1_000_000n,
    status: { code: 'unset', message: undefined },
    events: [],
    links: [],
  };
}

// An order as the replicas send it: the HTTP span, Express's request handler under it, and the
// lock span and a database call under the handler.
const order = [
  span('1', undefined, 'POST /orders', '@opentelemetry/instrumentation-http', 0),
  span('2', '1', 'request handler', '@opentelemetry/instrumentation-express', 1),
  span('3', '2', 'lock.acquire', '@lockstep/locks', 2, {
    'lock.strategy': 'zookeeper',
    'lock.resource': 'sku:x',
  }),
  span('4', '2', 'SELECT', '@opentelemetry/instrumentation-pg', 3),
];

const indent = (line: string) => line.length - line.trimStart().length;

describe('formatTraceTree', () => {
  it('hides the request handler and draws its children one level up', () => {
    const lines = formatTraceTree(order, traceId).split('\n');
    expect(lines.some((line) => line.includes('request handler'))).toBe(false);
    const http = lines.find((line) => line.includes('POST /orders')) ?? '';
    const lock = lines.find((line) => line.includes('lock.acquire')) ?? '';
    expect(indent(lock)).toBe(indent(http) + 2);
    expect(lines.some((line) => line.includes('(1 database/redis calls)'))).toBe(true);
  });

  it('with showMiddleware, draws the request handler between the HTTP span and the lock', () => {
    const lines = formatTraceTree(order, traceId, { showMiddleware: true }).split('\n');
    const at = (name: string) => lines.findIndex((line) => line.includes(name));
    expect(at('POST /orders')).toBe(0);
    expect(at('request handler')).toBe(1);
    expect(at('lock.acquire')).toBe(2);
    expect(indent(lines[2] ?? '')).toBe(indent(lines[1] ?? '') + 2);
  });
});
