import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localAdminToken } from '../src/admin-token.ts';
import { Fleet } from '../src/fleet/fleet.ts';
import { localTopology } from '../src/topology.ts';
import { poll } from './poll.ts';

const topology = localTopology();

/** One alert as Prometheus's /api/v1/alerts lists it. */
interface PromAlert {
  labels: Record<string, string>;
  state: 'pending' | 'firing';
}

async function alertsOfRun(runId: string): Promise<PromAlert[]> {
  const response = await fetch(`${topology.prometheus}/api/v1/alerts`, {
    signal: AbortSignal.timeout(5_000),
  });
  const body = (await response.json()) as { data: { alerts: PromAlert[] } };
  return body.data.alerts.filter((alert) => alert.labels.run === runId);
}

/**
 * Chaos, bounded: inventory runs without payment, so an order's hold is never settled, and its
 * sweeper sweeps once at start and then not for ten minutes. The stack's own Prometheus,
 * scraping the replica and evaluating the committed rules, must raise SagaHoldsStuckPastExpiry
 * for this run: the on-call page for a saga stuck past its hold expiry.
 */
describe('alert rules on a real fleet', () => {
  let fleet: Fleet;

  beforeAll(async () => {
    fleet = await Fleet.start({
      scenario: 'alert-fires',
      services: ['inventory'],
      replicas: 1,
      env: { inventory: { RESERVATION_TTL_MS: '1000', SWEEP_INTERVAL_MS: '600000' } },
    });
  }, 180_000);

  afterAll(async () => {
    await fleet?.stop();
  }, 60_000);

  it('SagaHoldsStuckPastExpiry fires for the run whose order hold outlives its expiry with payment down', async () => {
    const inventory = fleet.replica('inventory', 0).url;
    const sku = `ALERT-${fleet.runId}`.toUpperCase().replace(/[^A-Z0-9-]/g, '-');
    // The fleet's replicas take the local admin token; creating a SKU is an admin route.
    const post = (path: string, body: unknown) =>
      fetch(`${inventory}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-admin-token': localAdminToken() },
        body: JSON.stringify(body),
      });
    expect((await post('/skus', { sku, name: 'stuck', priceCents: 100, stock: 5 })).status).toBe(
      201,
    );
    // An order is a customer's: their token, from the replica's development issuer.
    const minted = await post('/dev/tokens', { subject: 'on-call', role: 'customer' });
    expect(minted.status).toBe(201);
    const { token } = (await minted.json()) as { token: string };
    const order = await fetch(`${inventory}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        sku,
        quantity: 1,
        walletId: `wallet-${fleet.runId}`,
        deliverTo: { lat: 12.97, lng: 77.59 },
      }),
    });
    expect(order.status).toBe(201);

    // Quiet while the hold is young: the rule waits for 30 s past expiry, then 1 minute more.
    expect(
      (await alertsOfRun(fleet.runId)).filter(
        (a) => a.labels.alertname === 'SagaHoldsStuckPastExpiry',
      ),
    ).toEqual([]);
    const firing = await poll(
      'SagaHoldsStuckPastExpiry firing for this run',
      async () =>
        (await alertsOfRun(fleet.runId)).find(
          (alert) =>
            alert.labels.alertname === 'SagaHoldsStuckPastExpiry' && alert.state === 'firing',
        ),
      { timeoutMs: 180_000, intervalMs: 2_000 },
    );
    expect(firing.labels).toMatchObject({
      service: 'inventory',
      saga: 'order',
      severity: 'critical',
    });
  }, 240_000);
});
