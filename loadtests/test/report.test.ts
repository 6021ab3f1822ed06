import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Fleet } from '@lockstep/infra-local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario, type ScenarioRun } from '../src/index.ts';

// report.html from a real run: a flash sale of a SKU with no stock, so every order is a
// 409 SOLD_OUT, the answer the scenario declares expected. One replica per service.
let fleet: Fleet;
let run: ScenarioRun;
let html: string;
let summary: { metrics: Record<string, { values: Record<string, number> }> };

beforeAll(async () => {
  fleet = await Fleet.start({ scenario: 'loadtests-report', replicas: 1, code: 'built' });
  run = await runScenario({
    scenario: 'flash-sale',
    rate: 5,
    duration: '3s',
    targets: fleet.targets(),
    output: 'capture',
    env: { STOCK: '0', WALLETS: '5', SETTLE_TIMEOUT_S: '30' },
  });
  html = readFileSync(join(run.reportDir, 'report.html'), 'utf8');
  summary = JSON.parse(readFileSync(join(run.reportDir, 'summary.json'), 'utf8'));
}, 300_000);

afterAll(async () => {
  await fleet?.stop();
});

describe('k6 report of a run answered only with expected 409s', () => {
  it('the run passes with every request rejected as SOLD_OUT', () => {
    expect(run.exitCode, run.output).toBe(0);
    expect(run.result?.requests).toBeGreaterThan(0);
    expect(run.result?.rejectedByReason.SOLD_OUT).toBe(run.result?.requests);
    expect(run.result?.errors).toBe(0);
  });

  it('http_req_failed is 0: a declared 409 is not a failed request', () => {
    expect(summary.metrics.http_req_failed?.values.rate).toBe(0);
    expect(run.result?.httpReqFailedRate).toBe(0);
    expect(run.result?.expectedStatuses).toEqual([409, 429]);
    expect(html).toContain('<strong>0.00%</strong> of all requests');
  });

  it('report.html draws the three charts over time', () => {
    expect(html.match(/<svg /g)).toHaveLength(3);
    expect(html).toContain('Response time per second, by outcome');
    expect(html).toContain('rejected p95');
    expect(html).toContain('Answers per second, by HTTP status');
    expect(html).toMatch(/<title>409: \d+ in second \d+<\/title>/);
    expect(html).toContain('Arrivals against answers, per second');
    // No accepted order and no error: those lines are left out, not drawn flat.
    expect(html).not.toContain('accepted p95');
  });

  it('report.html lists the audit check by check for every service', () => {
    expect(html).toContain('audit clean');
    for (const service of ['inventory', 'payment', 'delivery-assignment', 'booking']) {
      expect(html).toContain(`<tr><td>${service}</td><td class="ok">PASS</td>`);
    }
    expect(html).toContain('no SKU sold more units than it stocked');
    expect(html).not.toContain('class="bad"');
  });
});
