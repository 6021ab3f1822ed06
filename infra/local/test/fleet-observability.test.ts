import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Fleet } from '../src/fleet/fleet.ts';
import { scrapeTargetsDir } from '../src/fleet/scrape-targets.ts';
import { localTopology } from '../src/topology.ts';
import { poll, promQuery } from './poll.ts';

const topology = localTopology();

/** A trace as Jaeger's search returns it: spans and the processes (resources) they came from. */
interface JaegerTrace {
  spans: Array<{ operationName: string; processID: string }>;
  processes: Record<string, { serviceName: string; tags: Array<{ key: string; value: unknown }> }>;
}

/**
 * One replica of one service, started by the fleet as tests, the demo and load tests start
 * them, with no OTLP endpoint chosen by the caller: it must be scraped by the stack's
 * Prometheus and export to the stack's Jaeger.
 */
describe('fleet: observability of its replicas', () => {
  let fleet: Fleet;
  const targetsFile = () => join(scrapeTargetsDir(), `${fleet.runId}-delivery-assignment.json`);

  beforeAll(async () => {
    fleet = await Fleet.start({
      scenario: 'fleet-observability',
      services: ['delivery-assignment'],
      replicas: 1,
      callerEnv: {},
    });
  }, 180_000);

  afterAll(async () => {
    await fleet?.stop();
  }, 60_000);

  it("fleet: with no endpoint set, replicas export to the stack's OTLP endpoint (Jaeger)", () => {
    expect(fleet.otlpEndpoint).toBe(topology.otlpHttp);
  });

  it('fleet: a ready replica is listed in its run-and-service targets file', () => {
    const replica = fleet.replica('delivery-assignment', 0);
    const groups = JSON.parse(readFileSync(targetsFile(), 'utf8'));
    expect(groups).toEqual([
      {
        targets: [`127.0.0.1:${replica.spec.port}`],
        labels: { service: 'delivery-assignment', replica: replica.spec.name, run: fleet.runId },
      },
    ]);
  });

  it('fleet: Prometheus scrapes the replica and reports it up', async () => {
    const selector = `up{job="lockstep",run="${fleet.runId}",service="delivery-assignment"}`;
    const [up] = await poll(`${selector} = 1`, async () => {
      const result = await promQuery(topology.prometheus, selector);
      return result.some((sample) => sample.value[1] === '1') ? result : undefined;
    });
    expect(up?.metric.replica).toBe(fleet.replica('delivery-assignment', 0).spec.name);
  });

  it("fleet: a request's server span reaches Jaeger with the replica's instance id", async () => {
    const replica = fleet.replica('delivery-assignment', 0);
    const instanceId = fleet.instanceId(replica);
    const response = await fetch(`${replica.url}/openapi.json`);
    expect(response.status).toBe(200);
    await response.body?.cancel();

    const search = `${topology.jaegerQuery}/api/traces?service=delivery-assignment&lookback=15m&limit=200`;
    const span = await poll(`a span of ${instanceId} in Jaeger`, async () => {
      const { data } = (await fetch(search).then((r) => r.json())) as { data: JaegerTrace[] };
      for (const trace of data ?? []) {
        for (const candidate of trace.spans) {
          const tags = trace.processes[candidate.processID]?.tags ?? [];
          const mine = tags.some((t) => t.key === 'service.instance.id' && t.value === instanceId);
          if (mine && candidate.operationName.includes('/openapi.json')) return candidate;
        }
      }
      return undefined;
    });
    expect(span.operationName).toContain('GET');
  });

  it('fleet: stopping the fleet removes its targets file', async () => {
    const file = targetsFile();
    expect(existsSync(file)).toBe(true);
    await fleet.stop();
    expect(existsSync(file)).toBe(false);
  }, 60_000);
});
