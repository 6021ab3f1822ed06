import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScrapeTargets, scrapeTargetsDir } from '../src/fleet/scrape-targets.ts';
import { localTopology } from '../src/topology.ts';
import { poll, promQuery } from './poll.ts';
import { uniqueName } from './unique-name.ts';

const topology = localTopology();

/** One active target as /api/v1/targets reports it. */
interface ActiveTarget {
  labels: Record<string, string>;
  scrapeUrl: string;
  health: 'up' | 'down' | 'unknown';
}

async function activeTargets(): Promise<ActiveTarget[]> {
  const response = await fetch(`${topology.prometheus}/api/v1/targets?state=active`, {
    signal: AbortSignal.timeout(5_000),
  });
  const body = (await response.json()) as { data: { activeTargets: ActiveTarget[] } };
  return body.data.activeTargets;
}

describe('smoke: prometheus', () => {
  // A run of its own: its targets file, `run` label and sample are this test's alone.
  const run = uniqueName('smoke-prometheus');
  const targets = new ScrapeTargets(scrapeTargetsDir(), run);
  let server: Server;
  let address: string;

  beforeAll(async () => {
    // A tiny /metrics in Prometheus's text format, standing in for a service replica.
    server = createServer((request, response) => {
      if (request.url !== '/metrics') {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      response.end('# TYPE smoke_sample gauge\nsmoke_sample 42\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    address = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    targets.removeAll();
    await new Promise((resolve) => server.close(resolve));
  });

  it('prometheus: a targets file written the way the fleet writes it makes its replica an up target with its labels', async () => {
    targets.publish('smoke', [{ replica: 'smoke-a', address }]);
    const target = await poll(`the target of run ${run} up`, async () => {
      const mine = (await activeTargets()).find((t) => t.labels.run === run);
      return mine?.health === 'up' ? mine : undefined;
    });
    expect(target.labels).toMatchObject({
      job: 'lockstep',
      instance: address,
      service: 'smoke',
      replica: 'smoke-a',
      run,
    });
    expect(target.scrapeUrl).toBe(`http://${address}/metrics`);
  });

  it("prometheus: the replica's sample is queryable by its run label", async () => {
    const [sample] = await poll(`smoke_sample{run="${run}"}`, async () => {
      const result = await promQuery(topology.prometheus, `smoke_sample{run="${run}"}`);
      return result.length > 0 ? result : undefined;
    });
    expect(sample?.metric).toMatchObject({ service: 'smoke', replica: 'smoke-a', run });
    expect(sample?.value[1]).toBe('42');
  });

  it('prometheus: removing the targets file removes the target', async () => {
    targets.removeAll();
    const gone = await poll(`the target of run ${run} gone`, async () => {
      const mine = (await activeTargets()).some((t) => t.labels.run === run);
      return mine ? undefined : true;
    });
    expect(gone).toBe(true);
  });

  it('prometheus: scrapes itself at the address ports.env gives it', async () => {
    const [up] = await promQuery(topology.prometheus, 'up{job="prometheus"}');
    expect(up?.metric.instance).toBe(new URL(topology.prometheus).host);
    expect(up?.value[1]).toBe('1');
  });
});
