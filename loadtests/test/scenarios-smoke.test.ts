import { Fleet, localAdminToken } from '@lockstep/infra-local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario, type ScenarioOptions } from '../src/index.ts';
import { scenarioNames } from '../src/scenarios.ts';

// One fleet (a replica per service, to keep CI short) shared by a few seconds of each scenario
// at a low rate: enough to prove every script seeds, sends, classifies, settles and audits.
// The replicas run the services' built dist/main.js, as load runs do (turbo builds them before
// this task), which starts them far faster than tsx compiling the sources.
let fleet: Fleet;

beforeAll(async () => {
  fleet = await Fleet.start({ scenario: 'loadtests-smoke', replicas: 1, code: 'built' });
}, 240_000);

afterAll(async () => {
  await fleet?.stop();
});

function shortRun(scenario: ScenarioOptions['scenario'], rate: number, duration: string) {
  return runScenario({
    scenario,
    rate,
    duration,
    targets: fleet.targets(),
    output: 'capture',
    env: { SETTLE_TIMEOUT_S: '45', WALLETS: '10', PARTNERS: '5' },
  });
}

describe('load test scenarios, a short run each against a fleet', () => {
  for (const scenario of scenarioNames) {
    it(`${scenario}: a short run exits 0 with requests answered and a clean audit`, async () => {
      const run = await shortRun(scenario, 5, '3s');
      expect(run.exitCode, run.output).toBe(0);
      expect(run.result).not.toBeNull();
      expect(run.result?.requests).toBeGreaterThan(0);
      expect(run.result?.accepted).toBeGreaterThan(0);
      expect(run.result?.errors).toBe(0);
      expect(run.result?.unsettled).toBe(0);
      expect(run.result?.auditViolations).toEqual({
        inventory: 0,
        payment: 0,
        'delivery-assignment': 0,
        booking: 0,
      });
      expect(run.result?.passed).toBe(true);
    }, 120_000);
  }

  it('a run fails, naming the check, when the audit finds a broken invariant', async () => {
    // A SKU whose sold count no confirmed order explains: units left the shelf unpaid. The
    // schema's constraints still hold (available + reserved + sold = stocked), only the audit
    // can see it.
    const sku = `broken-${fleet.runId.replaceAll('_', '-')}`;
    const created = await fetch(`${fleet.urls('inventory')[0]}/skus`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-admin-token': localAdminToken() },
      body: JSON.stringify({ sku, name: 'Tampered item', priceCents: 100, stock: 5 }),
    });
    expect(created.status).toBe(201);
    const db = fleet.pool('inventory');
    try {
      const corrupted = await db.query(
        'UPDATE skus SET sold = sold + 1, available = available - 1 WHERE sku = $1',
        [sku],
      );
      expect(corrupted.rowCount).toBe(1);
      const run = await shortRun('tatkal', 3, '2s');
      expect(run.exitCode).toBe(99);
      expect(run.output).toContain(
        "audit: inventory: VIOLATION sold units equal the quantities of the SKU's confirmed orders",
      );
      expect(run.result?.auditViolations.inventory).toBe(1);
      expect(run.result?.failedThresholds).toContain('lockstep_audit_violations count==0');
      expect(run.result?.passed).toBe(false);
    } finally {
      // Put the row back, so the shared fleet's later users see a clean audit again.
      await db.query('UPDATE skus SET sold = sold - 1, available = available + 1 WHERE sku = $1', [
        sku,
      ]);
    }
  }, 120_000);
});
