import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { metrics } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createServiceMetrics,
  type MetricsHandler,
  startTelemetry,
  type Telemetry,
} from '../src/index.ts';

/** Serves `handler` on a real port and scrapes it once, as Prometheus would. */
async function scrape(
  handler: MetricsHandler,
): Promise<{ status: number; type: string; body: string }> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    return await new Promise((resolve, reject) => {
      request({ host: '127.0.0.1', port, path: '/metrics' }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          body += chunk;
        });
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            type: response.headers['content-type'] ?? '',
            body,
          }),
        );
      })
        .on('error', reject)
        .end();
    });
  } finally {
    server.close();
  }
}

describe('metrics: the /metrics handler and the service counters', () => {
  let telemetry: Telemetry | undefined;
  afterEach(async () => {
    await telemetry?.shutdown();
    telemetry = undefined;
  });

  const start = () =>
    startTelemetry({ serviceName: 'metrics-test', instanceId: 'm-1', diagnostics: () => {} });

  it('serves Prometheus text with a counter incremented through @opentelemetry/api', async () => {
    telemetry = await start();
    const counter = metrics.getMeter('test').createCounter('lock.contended', {
      description: 'contended acquisitions',
    });
    counter.add(2, { 'lock.strategy': 'etcd' });
    counter.add(1, { 'lock.strategy': 'etcd' });

    const { status, type, body } = await scrape(telemetry.metricsHandler);
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/plain/);
    expect(body).toContain('# TYPE lock_contended_total counter');
    expect(body).toMatch(/^lock_contended_total\{[^}]*lock_strategy="etcd"[^}]*\} 3$/m);
  });

  it('saga and dead-letter counters made before start count once telemetry runs', async () => {
    // As a service module would at load time, before main.ts starts telemetry.
    const serviceMetrics = createServiceMetrics('inventory');
    serviceMetrics.sagaOutcome('order', 'confirmed'); // no SDK yet: dropped, and no error
    telemetry = await start();
    serviceMetrics.sagaOutcome('order', 'confirmed');
    serviceMetrics.sagaOutcome('order', 'confirmed');
    serviceMetrics.sagaOutcome('order', 'payment-failed');
    serviceMetrics.sagaOutcome('order', 'expired', 3); // one sweep's releases in one call
    serviceMetrics.sagaOutcome('order', 'expired', 0); // a sweep that released nothing
    serviceMetrics.deadLettered('payment.requested', 'handler-failed');

    const { body } = await scrape(telemetry.metricsHandler);
    const line = (name: string, labels: string[]) =>
      new RegExp(`^${name}\\{${labels.map((l) => `(?=[^}]*${l})`).join('')}[^}]*\\} (\\d+)$`, 'm');
    expect(body).toMatch(line('saga_outcomes_total', ['saga="order"', 'outcome="confirmed"']));
    expect(body.match(line('saga_outcomes_total', ['outcome="confirmed"']))?.[1]).toBe('2');
    expect(body.match(line('saga_outcomes_total', ['outcome="payment-failed"']))?.[1]).toBe('1');
    expect(body.match(line('saga_outcomes_total', ['outcome="expired"']))?.[1]).toBe('3');
    expect(
      body.match(
        line('events_dead_lettered_total', [
          'topic="payment.requested"',
          'reason="handler-failed"',
        ]),
      )?.[1],
    ).toBe('1');
  });

  it('metricsPort serves /metrics from a server of its own until shutdown', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));

    telemetry = await startTelemetry({
      serviceName: 'own-port',
      instanceId: 'p-1',
      metricsPort: port,
      diagnostics: () => {},
    });
    const response = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/^target_info\{[^}]*service_name="own-port"/m);

    await telemetry.shutdown();
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
  });

  it('rejects a metricsPort the exporter cannot honour', async () => {
    await expect(
      startTelemetry({ serviceName: 'x', instanceId: 'x-1', metricsPort: 0 }),
    ).rejects.toThrow(RangeError);
  });

  it('with telemetry disabled /metrics is an empty but valid exposition', async () => {
    telemetry = await startTelemetry({ serviceName: 'x', instanceId: 'x-1', enabled: false });
    createServiceMetrics('x').sagaOutcome('order', 'confirmed');
    const { status, body } = await scrape(telemetry.metricsHandler);
    expect(status).toBe(200);
    expect(body).not.toMatch(/^[a-z]/m);
  });
});
