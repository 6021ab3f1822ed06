import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Fleet, type ReplicaProcess, repoRoot } from '@lockstep/infra-local';
import { adminCall, bearerCall, testAdminToken, waitFor } from '@lockstep/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { runScopedName } from './support/run-names.ts';

/** A loopback port nobody listens on: the kernel picks one for a listener closed at once. */
function deadPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

const shutdownTimeoutMs = 5_000;

/**
 * Issue 6: "telemetry off or the collector down must never fail a request", for a real service
 * process rather than the library's fixture. One inventory replica, started as `npm start`
 * starts it (loader hook, main.ts, telemetry from the config), traces every request
 * (TRACE_SAMPLE_RATIO=1) to an OTLP endpoint where nothing listens.
 */
describe('a service whose OTLP collector is down', () => {
  let fleet: Fleet | undefined;
  let replica: ReplicaProcess | undefined;

  afterAll(async () => {
    await fleet?.stop();
  }, 60_000);

  it('inventory answers SKU and order requests, reports the dead exporter once, and stops promptly', async () => {
    fleet = await Fleet.start({
      scenario: 'dead-collector',
      services: ['inventory'],
      replicas: 1,
      namePrefix: 'dead-otlp',
      logRoot: join(repoRoot, '.lockstep', 'e2e-logs'),
      code: 'built',
      callerEnv: { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${await deadPort()}` },
      env: {
        inventory: {
          SHUTDOWN_TIMEOUT_MS: String(shutdownTimeoutMs),
          TRACE_SAMPLE_RATIO: '1',
          ADMIN_TOKEN: testAdminToken,
        },
      },
    });
    const runId = fleet.runId;
    replica = fleet.replica('inventory', 0);

    const sku = runScopedName(runId, 'DEADOTLP').toUpperCase();
    const created = await adminCall(replica.url, 'POST', '/skus', {
      sku,
      name: 'dead collector',
      priceCents: 100,
      stock: 5,
    });
    expect(created.status).toBe(201);
    const orders = [];
    for (let buyer = 0; buyer < 5; buyer++) {
      // Each buyer's token from the replica's own development issuer.
      const minted = await adminCall<{ token: string }>(replica.url, 'POST', '/dev/tokens', {
        subject: runScopedName(runId, 'dead-otlp-c', buyer),
        role: 'customer',
      });
      orders.push(
        await bearerCall(replica.url, 'POST', '/orders', minted.body.token, {
          sku,
          quantity: 1,
          walletId: runScopedName(runId, 'dead-otlp-w', buyer),
          deliverTo: { lat: 10, lng: 10 },
        }),
      );
    }
    expect(orders.map((order) => order.status)).toEqual([201, 201, 201, 201, 201]);

    // The exporter really was dead: its failure reached the log, as one rate-limited warning.
    const telemetryWarnings = () =>
      readFileSync(replica?.logFile ?? '', 'utf8')
        .split('\n')
        .filter((line) => line.includes('"component":"telemetry"') && line.includes('"warn"'));
    await waitFor('the exporter failure to be logged', () => telemetryWarnings().length > 0, {
      timeoutMs: 20_000,
    });
    expect(telemetryWarnings()).toHaveLength(1);
    expect((await fetch(`${replica.url}/readyz`)).status).toBe(200);

    // A dead collector must not hold up shutdown: the telemetry flush is bounded (3 s).
    const stopping = Date.now();
    expect(await replica.stop()).toBe(0);
    expect(Date.now() - stopping).toBeLessThan(shutdownTimeoutMs + 3_000);
  }, 120_000);
});
