import { localTopology } from '@lockstep/infra-local';
import { metrics, trace } from '@opentelemetry/api';
import { MeterProvider, MetricReader, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DistributedLock,
  EtcdLock,
  LockErrorCode,
  RedisLock,
  recordFencedWrite,
  resourceClass,
  ZooKeeperLock,
} from '../src/index.ts';
import { expectLockError } from './support/expect-lock-error.ts';
import { uniqueResource } from './support/unique-resource.ts';

/** Reads metrics on demand, so the test sees exactly what was recorded. */
class OnDemandReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

function points(collected: ResourceMetrics, name: string) {
  return collected.scopeMetrics
    .flatMap((scope) => scope.metrics)
    .filter((metric) => metric.descriptor.name === name)
    .flatMap(
      (metric) =>
        metric.dataPoints as Array<{ attributes: Record<string, unknown>; value: unknown }>,
    );
}

describe('lock telemetry through @opentelemetry/api', () => {
  const spans = new InMemorySpanExporter();
  const reader = new OnDemandReader();
  let lock: RedisLock;

  // The SDK is registered AFTER the library was imported, as in a service whose main.ts
  // imports everything first: instruments must still reach it.
  beforeAll(() => {
    trace.setGlobalTracerProvider(
      new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: spans })] }),
    );
    metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
    lock = new RedisLock({ node: localTopology().redis[0] });
  });
  afterAll(async () => {
    await lock.close();
    trace.disable();
    metrics.disable();
  });

  it('an acquire, a contended try and a release produce lock.acquire and lock.hold spans with their attributes', async () => {
    const resource = uniqueResource('sku');
    const lease = await lock.acquire(resource, { ttlMs: 5_000, waitMs: 0 });
    await expectLockError(
      lock.acquire(resource, { ttlMs: 5_000, waitMs: 100 }),
      LockErrorCode.Contended,
    );
    await lease.release();

    const finished = spans
      .getFinishedSpans()
      .filter((s) => s.attributes['lock.resource'] === resource);
    const acquires = finished.filter((s) => s.name === 'lock.acquire');
    expect(acquires.map((s) => s.attributes['lock.outcome']).sort()).toEqual([
      'acquired',
      'timeout',
    ]);
    const timedOut = acquires.find((s) => s.attributes['lock.outcome'] === 'timeout');
    expect(timedOut?.attributes['lock.contended']).toBe(true);
    expect(timedOut?.attributes['lock.wait_ms']).toBeGreaterThanOrEqual(90);
    const granted = acquires.find((s) => s.attributes['lock.outcome'] === 'acquired');
    expect(granted?.attributes['lock.strategy']).toBe('redis');
    expect(granted?.attributes['lock.token']).toBe(lease.fencingToken?.toString());
    const hold = finished.find((s) => s.name === 'lock.hold');
    expect(hold?.attributes['lock.outcome']).toBe('released');
    expect(typeof hold?.attributes['lock.hold_ms']).toBe('number');
  });

  it('wait and hold histograms and the contention counter are labelled by strategy and resource class', async () => {
    const resource = uniqueResource('seat');
    const lease = await lock.acquire(resource, { ttlMs: 5_000, waitMs: 0 });
    await expectLockError(lock.acquire(resource, { waitMs: 0 }), LockErrorCode.Contended);
    await lease.release();
    const { resourceMetrics } = await reader.collect();
    const waits = points(resourceMetrics, 'lock.wait.duration');
    expect(
      waits.some(
        (p) =>
          p.attributes['lock.resource_class'] === 'seat' &&
          p.attributes['lock.strategy'] === 'redis',
      ),
    ).toBe(true);
    expect(
      points(resourceMetrics, 'lock.hold.duration').some(
        (p) => p.attributes['lock.outcome'] === 'released',
      ),
    ).toBe(true);
    const contended = points(resourceMetrics, 'lock.contended').filter(
      (p) => p.attributes['lock.resource_class'] === 'seat',
    );
    expect(contended.reduce((sum, p) => sum + Number(p.value), 0)).toBeGreaterThanOrEqual(1);
  });

  // A counter series that first appears at 1 shows no increase to Prometheus: the alerts on
  // timeouts, failures and lost leases would miss the first one of every replica.
  it('the first lease of a resource class publishes every acquire outcome and loss reason at zero', async () => {
    const resource = `${uniqueResource('zeroes')}:1`;
    const labels = { 'lock.strategy': 'redis', 'lock.resource_class': resourceClass(resource) };
    const lease = await lock.acquire(resource, { ttlMs: 5_000, waitMs: 0 });
    await lease.release();
    const { resourceMetrics } = await reader.collect();
    const ofClass = (name: string, label: string) =>
      points(resourceMetrics, name)
        .filter((p) => Object.entries(labels).every(([k, v]) => p.attributes[k] === v))
        .map((p) => [p.attributes[label], p.value])
        .sort();
    expect(ofClass('lock.acquire.outcomes', 'lock.outcome')).toEqual([
      ['acquired', 1],
      ['cancelled', 0],
      ['timeout', 0],
      ['unavailable', 0],
    ]);
    expect(ofClass('lock.lost', 'lock.loss_reason')).toEqual([
      ['deadline', 0],
      ['not-owner', 0],
      ['session-expired', 0],
      ['suspended', 0],
    ]);
  });

  it('a fenced write the storage refuses counts in lock.fencing.rejections; an accepted one publishes it at zero', async () => {
    const accepted = uniqueResource('fenced-ok');
    const refused = uniqueResource('fenced-stale');
    recordFencedWrite('zookeeper', accepted, 'accepted');
    recordFencedWrite('zookeeper', refused, 'accepted');
    recordFencedWrite('zookeeper', refused, 'rejected');
    const { resourceMetrics } = await reader.collect();
    const rejections = (resource: string) =>
      points(resourceMetrics, 'lock.fencing.rejections').filter(
        (p) =>
          p.attributes['lock.resource_class'] === resourceClass(resource) &&
          p.attributes['lock.strategy'] === 'zookeeper',
      );
    expect(rejections(accepted).map((p) => p.value)).toEqual([0]);
    expect(rejections(refused).map((p) => p.value)).toEqual([1]);
  });

  // The waiter learns who it waits behind from that one's queue entry (ZooKeeper node data,
  // etcd key value), so in Jaeger its acquire span leads to the trace that held it up.
  it.each([
    {
      strategy: 'zookeeper',
      create: () =>
        new ZooKeeperLock({ connectionString: localTopology().zookeeper, sessionTimeoutMs: 4_000 }),
    },
    { strategy: 'etcd', create: () => new EtcdLock({ endpoints: localTopology().etcd }) },
  ])(
    'a $strategy waiter links its lock.acquire span to the holder it waited behind',
    async ({ create }) => {
      const holderLock: DistributedLock & { close(): Promise<void> } = create();
      const waiterLock: DistributedLock & { close(): Promise<void> } = create();
      try {
        const resource = uniqueResource('linked');
        const held = await holderLock.acquire(resource, { waitMs: 0 });
        const waiting = waiterLock.acquire(resource, { waitMs: 10_000 });
        await new Promise((resolve) => setTimeout(resolve, 300));
        await held.release();
        const lease = await waiting;
        await lease.release();

        const acquires = spans
          .getFinishedSpans()
          .filter((s) => s.name === 'lock.acquire' && s.attributes['lock.resource'] === resource);
        const holderSpan = acquires.find((s) => s.attributes['lock.contended'] === false);
        const waiterSpan = acquires.find((s) => s.attributes['lock.contended'] === true);
        expect(holderSpan).toBeDefined();
        expect(waiterSpan?.links).toEqual([
          expect.objectContaining({
            context: expect.objectContaining({
              traceId: holderSpan?.spanContext().traceId,
              spanId: holderSpan?.spanContext().spanId,
            }),
            attributes: { 'lock.link': 'waited_behind' },
          }),
        ]);
        expect(holderSpan?.links).toEqual([]);
      } finally {
        await holderLock.close();
        await waiterLock.close();
      }
    },
  );
});
