import type { ReceivedSpan } from '@lockstep/telemetry/testing';
import { waitFor } from '@lockstep/testkit';
import { describe, expect, it } from 'vitest';
import { alertExpressions } from '../support/alert-rule-queries.ts';
import { dashboardExpressions, selectedMetrics } from '../support/dashboard-queries.ts';
import { matching, type Sample, samples, scrapeMetrics } from '../support/prometheus-text.ts';
import { runScopedName } from '../support/run-names.ts';
import { near, randomServiceArea } from '../support/saga-client.ts';
import type { SagaContext } from '../support/saga-context.ts';
import type { ServiceName } from '../support/saga-deployment.ts';
import { sagaServices } from '../support/saga-deployment.ts';
import { newTraceParent } from '../support/trace-parent.ts';

/** Generous: a lock step of one lone order that took this long is broken, not slow. */
const sanityBoundMs = 30_000;

/** A span's duration in milliseconds. */
function durationMs(span: ReceivedSpan): number {
  return Number(span.endTimeUnixNano - span.startTimeUnixNano) / 1e6;
}

/** Orders bigints ascending, for Array.prototype.sort. */
function compareBigInt(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether every span but the root has its parent in the set: the trace is one tree. */
function isOneTree(spans: readonly ReceivedSpan[], rootParent: string): boolean {
  const ids = new Set(spans.map((span) => span.spanId));
  return spans.every(
    (span) => span.parentSpanId === rootParent || ids.has(span.parentSpanId ?? ''),
  );
}

/**
 * Issues 6 and 13's proof: one order placed through the running replicas, read back as one
 * trace from the local stack's real Jaeger (its query API), with the lock spans of the
 * ZooKeeper (inventory), Redlock (payment) and CAS (delivery-assignment) steps and the fencing
 * tokens the storage actually recorded; then every replica's /metrics, and the Grafana
 * dashboard's and the alert rules' queries against them.
 */
export function orderTraceScenario(context: () => SagaContext): void {
  describe('observability: one order as one trace, lock metrics on /metrics', () => {
    let scraped: Map<ServiceName, Sample[]> | undefined;

    it('an order sent with a sampled traceparent is read back from Jaeger as one trace across the three services, with the lock spans of all three strategies and their fencing tokens', async () => {
      const { deployment, saga, traces } = context();
      const sku = runScopedName(deployment.runId, 'TRACE').toUpperCase();
      const walletId = runScopedName(deployment.runId, 'trace-w');
      const partnerId = runScopedName(deployment.runId, 'trace-p');
      const area = randomServiceArea();
      await saga.createSku(sku, 1, 700);
      const customerId = runScopedName(deployment.runId, 'trace-c');
      await saga.openWallets([{ walletId, ownerId: customerId, balanceCents: 1_000 }]);
      await saga.addPartner(partnerId, near(area, 2), 1);

      const parent = newTraceParent();
      const response = await saga.placeOrder(
        { sku, customerId, walletId, deliverTo: near(area, 2) },
        0,
        { traceparent: parent.header },
      );
      expect(response.status).toBe(201);
      const { orderId } = response.body;
      const orders = await saga.waitForTerminalOrders([orderId], 30_000);
      expect(orders.get(orderId)?.status).toBe('confirmed');
      expect((await saga.waitForAssignments([orderId], 30_000)).get(orderId)?.partnerId).toBe(
        partnerId,
      );

      // Every fleet on this stack exports to the same Jaeger and reads the same topics, so a
      // consumer of another run (the demo, another test) that received this order's messages
      // and ignored them adds its spans to the trace too. The trace under test is this run's
      // spans, told apart by service.instance.id: each replica reports its own.
      const instances = new Set(deployment.allReplicas().map((r) => deployment.instanceId(r)));
      const ours = (spans: ReceivedSpan[]) =>
        spans.filter((span) => instances.has(String(span.resource['service.instance.id'])));
      // Spans leave each replica in batches about a second apart and Jaeger serves a trace as
      // soon as its first spans arrive: read it until the last step's CAS span, both SKU lock
      // holds, the wallet hold and every parent span are there, so the tree is complete.
      let last: ReceivedSpan[] = [];
      const trace = await waitFor(
        'the order trace to arrive complete in Jaeger',
        async () => {
          last = ours(await traces.trace(parent.traceId));
          const named = (service: ServiceName, name: string) =>
            last.filter((span) => span.serviceName === service && span.name === name).length;
          const done =
            named('delivery-assignment', 'lock.cas') >= 1 &&
            named('payment', 'lock.hold') >= 1 &&
            named('inventory', 'lock.hold') >= 2 &&
            isOneTree(last, parent.spanId);
          return done && last;
        },
        {
          timeoutMs: 30_000,
          intervalMs: 500,
          describe: () =>
            `${traces.queryUrl}/api/v3/traces/${parent.traceId}: ${last.map((s) => `${s.serviceName}:${s.name}`).join(', ')}`,
        },
      );

      // One trace: rooted at inventory's server span, a child of the caller's context.
      const roots = trace.filter((span) => span.parentSpanId === parent.spanId);
      expect(roots.map((span) => [span.serviceName, span.kind])).toEqual([['inventory', 'server']]);
      const services = new Set(trace.map((span) => span.serviceName));
      for (const service of sagaServices) expect(services).toContain(service);

      const lockSpans = (service: ServiceName, name: string, strategy: string) =>
        trace.filter(
          (span) =>
            span.serviceName === service &&
            span.name === name &&
            span.attributes['lock.strategy'] === strategy,
        );
      const checkDuration = (span: ReceivedSpan) => {
        expect(durationMs(span), span.name).toBeGreaterThan(0);
        expect(durationMs(span), span.name).toBeLessThan(sanityBoundMs);
      };
      const checkAcquire = (span: ReceivedSpan, resource: string) => {
        checkDuration(span);
        expect(span.attributes).toMatchObject({
          'lock.resource': resource,
          'lock.outcome': 'acquired',
          'lock.contended': expect.any(Boolean),
        });
        expect(span.attributes['lock.attempts']).toBeGreaterThanOrEqual(1);
        expect(span.attributes['lock.wait_ms']).toBeGreaterThanOrEqual(0);
        expect(span.attributes['lock.wait_ms']).toBeLessThan(sanityBoundMs);
      };
      const checkHold = (span: ReceivedSpan, resource: string) => {
        checkDuration(span);
        expect(span.attributes).toMatchObject({
          'lock.resource': resource,
          'lock.outcome': 'released',
        });
        expect(span.attributes['lock.hold_ms']).toBeGreaterThan(0);
        expect(span.attributes['lock.hold_ms']).toBeLessThan(sanityBoundMs);
      };

      // Inventory: the SKU's ZooKeeper lock, at the reservation and again at the settlement,
      // fenced by the lock node's czxid.
      const skuLock = `sku:${sku}`;
      const zkAcquires = lockSpans('inventory', 'lock.acquire', 'zookeeper');
      const zkHolds = lockSpans('inventory', 'lock.hold', 'zookeeper');
      expect(zkAcquires.length).toBeGreaterThanOrEqual(2);
      expect(zkHolds.length).toBe(zkAcquires.length);
      for (const span of zkAcquires) checkAcquire(span, skuLock);
      for (const span of zkHolds) checkHold(span, skuLock);
      for (const span of [...zkAcquires, ...zkHolds]) {
        expect(span.attributes['lock.token']).toMatch(/^\d+$/);
      }
      // Each hold carries the token its acquire was granted, and the reservation's lease and
      // the settlement's are two leases: czxid grows with every lock node.
      const zkTokens = (spans: ReceivedSpan[]) =>
        spans.map((span) => BigInt(String(span.attributes['lock.token']))).sort(compareBigInt);
      expect(zkTokens(zkHolds)).toEqual(zkTokens(zkAcquires));
      expect(new Set(zkTokens(zkHolds)).size).toBe(zkHolds.length);
      // The token in Jaeger is the fence the stock row holds: the last stock write (the
      // settlement) was fenced by the newest lease.
      const { rows: skuRows } = await deployment
        .pool('inventory')
        .query<{ fence: string }>('SELECT fence::text AS fence FROM skus WHERE sku = $1', [sku]);
      expect(skuRows[0]?.fence).toBe(zkTokens(zkHolds).at(-1)?.toString());

      // Payment: the wallet's Redlock. No lock.token: Redlock has no sound fencing token
      // (docs/locks.md), so the library records none rather than a misleading one.
      const walletLock = `wallet:${walletId}`;
      const redlockAcquires = lockSpans('payment', 'lock.acquire', 'redlock');
      const redlockHolds = lockSpans('payment', 'lock.hold', 'redlock');
      expect(redlockAcquires).toHaveLength(1);
      expect(redlockHolds).toHaveLength(1);
      for (const span of redlockAcquires) checkAcquire(span, walletLock);
      for (const span of redlockHolds) checkHold(span, walletLock);
      for (const span of [...redlockAcquires, ...redlockHolds]) {
        expect(span.attributes).not.toHaveProperty('lock.token');
      }

      // Delivery: the partner row claimed by compare-and-swap; the row version is the token.
      const casSpans = lockSpans('delivery-assignment', 'lock.cas', 'cas');
      expect(casSpans).toHaveLength(1);
      for (const span of casSpans) {
        checkDuration(span);
        expect(span.attributes).toMatchObject({
          'lock.resource': `partners:${partnerId}`,
          'lock.outcome': 'applied',
          'lock.contended': false,
          'lock.cas.conflicts': 0,
        });
        expect(span.attributes['lock.token']).toMatch(/^\d+$/);
      }
      // The token is the partner row version the claim was conditioned on; the claim bumped
      // it, and nothing else wrote this run's partner since.
      const casToken = Number(casSpans[0]?.attributes['lock.token']);
      expect((await saga.partner(partnerId)).version).toBe(casToken + 1);
      // The hold spans sit inside the work they protect: in the same trace, under a span of
      // their own service (a request or a message), not as roots of traces of their own.
      for (const span of [...zkHolds, ...redlockHolds, ...casSpans]) {
        const parentSpan = trace.find((candidate) => candidate.spanId === span.parentSpanId);
        expect(parentSpan?.serviceName).toBe(span.serviceName);
      }
    }, 90_000);

    it('every replica serves /metrics with its lock wait and hold histograms and saga outcomes', async () => {
      const { deployment } = context();
      scraped = new Map();
      for (const service of sagaServices) {
        const texts = await Promise.all(deployment.urls(service).map(scrapeMetrics));
        expect(texts).toHaveLength(2);
        texts.forEach((text, i) => {
          const instance = deployment.instanceId(deployment.replica(service, i));
          expect(matching(samples(text), 'target_info', {})[0]?.labels).toMatchObject({
            service_name: service,
            service_instance_id: instance,
          });
        });
        scraped.set(service, texts.flatMap(samples));
      }
      const series = (service: ServiceName, name: string, labels: Record<string, string>) =>
        matching(scraped?.get(service) ?? [], name, labels);
      const count = (service: ServiceName, name: string, labels: Record<string, string>) =>
        series(service, name, labels).reduce((sum, sample) => sum + sample.value, 0);

      const zookeeper = { lock_strategy: 'zookeeper', lock_resource_class: 'sku' };
      const redlock = { lock_strategy: 'redlock', lock_resource_class: 'wallet' };
      const cas = { lock_strategy: 'cas', lock_resource_class: 'partners' };
      for (const [service, labels, hold] of [
        ['inventory', zookeeper, true],
        ['payment', redlock, true],
        ['delivery-assignment', cas, false],
      ] as const) {
        expect(count(service, 'lock_wait_duration_count', labels), service).toBeGreaterThan(0);
        expect(
          series(service, 'lock_wait_duration_bucket', labels).length,
          service,
        ).toBeGreaterThan(1);
        if (hold) {
          expect(count(service, 'lock_hold_duration_count', labels), service).toBeGreaterThan(0);
          expect(series(service, 'lock_hold_duration_bucket', labels).length).toBeGreaterThan(1);
        }
      }
      expect(
        count('inventory', 'saga_outcomes_total', { saga: 'order', outcome: 'confirmed' }),
      ).toBeGreaterThan(0);
      expect(
        count('payment', 'saga_outcomes_total', { saga: 'payment', outcome: 'completed' }),
      ).toBeGreaterThan(0);
      expect(
        count('delivery-assignment', 'saga_outcomes_total', {
          saga: 'delivery',
          outcome: 'assigned',
        }),
      ).toBeGreaterThan(0);
      // Published at zero from the start, so dashboards read 0 rather than no data.
      expect(
        series('payment', 'events_dead_lettered_total', { topic: 'payment-requests' }).length,
      ).toBeGreaterThan(0);
    });

    it('every metric the Grafana dashboard queries is one the running services export', () => {
      expect(scraped, 'the /metrics test must run first').toBeDefined();
      const exported = new Set([...(scraped?.values() ?? [])].flat().map((sample) => sample.name));
      const expressions = dashboardExpressions();
      expect(expressions.length).toBeGreaterThan(10);
      const unread = expressions.filter((expression) => selectedMetrics(expression).length === 0);
      expect(unread, 'expressions without a name{...} selector').toEqual([]);
      const queried = new Set(expressions.flatMap(selectedMetrics));
      expect([...queried].filter((name) => !exported.has(name))).toEqual([]);
    });

    // An alert on a name no service exports would never fire, and nothing would say so.
    it('every metric the alert rules query is one the running services export', () => {
      expect(scraped, 'the /metrics test must run first').toBeDefined();
      const exported = new Set([...(scraped?.values() ?? [])].flat().map((sample) => sample.name));
      const rules = alertExpressions();
      expect(rules.length).toBeGreaterThanOrEqual(7);
      const unread = rules.filter(({ expr }) => selectedMetrics(expr).length === 0);
      expect(unread, 'rules without a name{...} selector').toEqual([]);
      const missing = rules.flatMap(({ alert, expr }) =>
        selectedMetrics(expr)
          .filter((name) => !exported.has(name))
          .map((name) => `${alert}: ${name}`),
      );
      expect(missing).toEqual([]);
    });
  });
}
