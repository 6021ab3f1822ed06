import { describe, expect, it } from 'vitest';
import type { TracedSpan } from './jaeger-query.ts';
import { buildLanes, hottestResources, pickLanes } from './lock-lanes.ts';

let nextId = 0;
function span(
  name: string,
  start: number,
  end: number,
  attributes: TracedSpan['attributes'],
  more: Partial<TracedSpan> = {},
): TracedSpan {
  nextId += 1;
  return {
    traceId: `t${nextId}`,
    spanId: `s${nextId}`,
    parentId: undefined,
    name,
    service: 'booking',
    instance: 'booking-a',
    start,
    end,
    attributes,
    links: [],
    error: false,
    ...more,
  };
}

const seat = { 'lock.strategy': 'etcd', 'lock.resource': 'seat:s1:A1' };

describe('lock lanes from Jaeger spans', () => {
  it('a lane pairs each acquire with the hold of the same process and token, even across traces', () => {
    const first = span('lock.acquire', 0, 10, {
      ...seat,
      'lock.outcome': 'acquired',
      'lock.token': '7',
    });
    const firstHold = span('lock.hold', 9.9, 4_000, {
      ...seat,
      'lock.token': '7',
      'lock.outcome': 'lost',
      'lock.loss_reason': 'deadline',
    });
    const waiter = span(
      'lock.acquire',
      500,
      2_100,
      { ...seat, 'lock.outcome': 'acquired', 'lock.token': '9', 'lock.contended': true },
      { instance: 'booking-b', links: [first.spanId] },
    );
    const waiterHold = span(
      'lock.hold',
      2_099,
      2_150,
      { ...seat, 'lock.token': '9', 'lock.outcome': 'released' },
      { instance: 'booking-b', traceId: waiter.traceId },
    );
    const [lane] = buildLanes([waiterHold, firstHold, waiter, first]);

    expect(lane).toMatchObject({
      resource: 'seat:s1:A1',
      strategy: 'etcd',
      holds: 2,
      lost: 1,
      contended: 1,
    });
    expect(lane?.attempts.map((a) => [a.holder, a.token, a.holdOutcome])).toEqual([
      ['booking-a', '7', 'lost'],
      ['booking-b', '9', 'released'],
    ]);
    expect(lane?.attempts[0]).toMatchObject({
      lossReason: 'deadline',
      holdTraceId: firstHold.traceId,
    });
    expect(lane?.attempts[1]).toMatchObject({
      behind: [first.spanId],
      waitStart: 500,
      waitEnd: 2_100,
    });
    expect(lane?.attempts[1]?.holdTraceId).toBeUndefined();
  });

  it('a hold whose acquire was not read still counts as a holder, with no wait', () => {
    const [lane] = buildLanes([
      span('lock.hold', 100, 200, { ...seat, 'lock.outcome': 'released' }),
    ]);
    expect(lane?.holds).toBe(1);
    expect(lane?.attempts[0]).toMatchObject({ waitStart: 100, waitEnd: 100, holdStart: 100 });
  });

  it('a timed-out acquire is a waiter without a hold', () => {
    const [lane] = buildLanes([
      span('lock.acquire', 0, 2_000, {
        ...seat,
        'lock.outcome': 'timeout',
        'lock.contended': true,
      }),
    ]);
    expect(lane).toMatchObject({ holds: 0, contended: 1, waitedMs: 2_000 });
    expect(lane?.attempts[0]?.holdStart).toBeUndefined();
  });

  it('the lanes drawn are the contended ones, lost leases first, never a resource locked once', () => {
    const lanes = buildLanes([
      span('lock.acquire', 0, 900, {
        'lock.strategy': 'etcd',
        'lock.resource': 'readiness:x',
        'lock.outcome': 'acquired',
      }),
      span('lock.acquire', 0, 300, {
        ...seat,
        'lock.resource': 'seat:hot',
        'lock.outcome': 'timeout',
        'lock.contended': true,
      }),
      span('lock.acquire', 0, 5, {
        ...seat,
        'lock.resource': 'seat:quiet',
        'lock.outcome': 'timeout',
      }),
      span('lock.acquire', 9, 10, {
        ...seat,
        'lock.resource': 'seat:quiet',
        'lock.outcome': 'timeout',
      }),
      span('lock.hold', 0, 10, { ...seat, 'lock.resource': 'seat:lost', 'lock.outcome': 'lost' }),
    ]);
    expect(pickLanes(lanes, 2).map((lane) => lane.resource)).toEqual([
      'seat:lost',
      'seat:hot',
      'seat:quiet',
    ]);
    expect(hottestResources(lanes, 1)).toEqual([
      expect.objectContaining({ resource: 'seat:hot', queuedMs: 300, waitP95Ms: 300 }),
    ]);
  });
});
