import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { localTopology } from '@lockstep/infra-local';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from './support/free-port.ts';
import { deleteGroups, testKafka } from './support/kafka-groups.ts';
import { ReplicaProcess, repoRoot } from './support/replica-process.ts';
import { createRunDatabase, dropRunDatabase, type RunDatabase } from './support/run-databases.ts';
import { newRunId, runScopedName } from './support/run-names.ts';
import { waitFor } from './support/wait.ts';

const shutdownTimeoutMs = 5_000;

/** POST a JSON body; resolves with the status and parsed body. */
async function post(url: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  return { status: response.status, body: await response.json() };
}

/**
 * Issue 6: "telemetry off or the collector down must never fail a request", for a real service
 * process rather than the library's fixture. One inventory replica, started as `npm start`
 * starts it (loader hook, main.ts, telemetry from the config), traces every request
 * (TRACE_SAMPLE_RATIO=1) to an OTLP endpoint where nothing listens.
 */
describe('a service whose OTLP collector is down', () => {
  const runId = newRunId();
  const groupId = `dead-otlp-${runId}`;
  let database: RunDatabase | undefined;
  let replica: ReplicaProcess | undefined;

  afterAll(async () => {
    await replica?.kill();
    await deleteGroups(testKafka(`dead-otlp-${runId}-teardown`), [groupId]);
    if (database) await dropRunDatabase(database);
  }, 60_000);

  it('inventory answers SKU and order requests, reports the dead exporter once, and stops promptly', async () => {
    database = await createRunDatabase(runId, 'dead_otlp_inventory');
    const deadPort = await freePort(); // free now, and nothing of ours will listen on it
    const port = await freePort();
    const logDir = join(repoRoot, '.lockstep', 'e2e-logs', `dead-collector-${runId}`);
    mkdirSync(logDir, { recursive: true });
    const topology = localTopology();
    replica = ReplicaProcess.spawn({
      service: 'inventory',
      name: 'inventory-dead-otlp',
      port,
      logDir,
      env: {
        DATABASE_URL: database.url,
        KAFKA_BROKERS: topology.kafka,
        KAFKA_GROUP_ID: groupId,
        KAFKA_FROM_BEGINNING: 'false',
        ZOOKEEPER_CONNECT: topology.zookeeper,
        SWEEPER_ELECTION: `dead-otlp-${runId}-sweeper`,
        PORT: String(port),
        INSTANCE_ID: `inventory-dead-otlp-${runId}`,
        SHUTDOWN_TIMEOUT_MS: String(shutdownTimeoutMs),
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${deadPort}`,
        TRACE_SAMPLE_RATIO: '1',
      },
    });
    await replica.waitReady();

    const sku = runScopedName(runId, 'DEADOTLP').toUpperCase();
    const created = await post(`${replica.url}/skus`, {
      sku,
      name: 'dead collector',
      priceCents: 100,
      stock: 5,
    });
    expect(created.status).toBe(201);
    const orders = [];
    for (let buyer = 0; buyer < 5; buyer++) {
      orders.push(
        await post(`${replica.url}/orders`, {
          sku,
          quantity: 1,
          customerId: runScopedName(runId, 'dead-otlp-c', buyer),
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
