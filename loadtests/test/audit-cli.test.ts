import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Fleet,
  type FleetManifest,
  fleetManifestDir,
  localAdminToken,
} from '@lockstep/infra-local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadtestsRoot } from '../src/paths.ts';

// `npm run audit` against a real fleet: two services, one replica each, started the way load
// runs start them. The fleet's manifests go to a LOCKSTEP_HOME of this file's own, so fleets
// of other runs on the machine are neither found nor disturbed.
const home = mkdtempSync(join(tmpdir(), 'audit-cli-'));
const previousHome = process.env.LOCKSTEP_HOME;
let fleet: Fleet;

beforeAll(async () => {
  process.env.LOCKSTEP_HOME = home;
  fleet = await Fleet.start({
    scenario: 'audit-cli-test',
    services: ['inventory', 'payment'],
    replicas: 1,
    code: 'built',
  });
}, 240_000);

afterAll(async () => {
  await fleet?.stop();
  if (previousHome === undefined) delete process.env.LOCKSTEP_HOME;
  else process.env.LOCKSTEP_HOME = previousHome;
  rmSync(home, { recursive: true, force: true });
});

/** Runs the audit CLI as `npm run audit` does, with this file's LOCKSTEP_HOME. */
function audit(
  args: string[],
  lockstepHome = home,
): Promise<{ code: number | null; output: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=lockstep-source', 'src/audit/audit-cli.ts', ...args],
    { cwd: loadtestsRoot, env: { ...process.env, LOCKSTEP_HOME: lockstepHome } },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
  });
}

describe('npm run audit against a running fleet', () => {
  it('the fleet records its replicas and per-run databases in its manifest', () => {
    const file = join(fleetManifestDir(), `${fleet.runId}.json`);
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as FleetManifest;
    expect(manifest.ownerPid).toBe(process.pid);
    expect(manifest.services.inventory?.database).toBe(fleet.database('inventory').name);
    expect(manifest.services.payment?.replicas.map((r) => r.url)).toEqual(fleet.urls('payment'));
  });

  it('--fleet audits every service of the fleet, naming its database, and exits 0', async () => {
    const run = await audit(['--fleet', fleet.runId]);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain(`Auditing fleet ${fleet.runId} (audit-cli-test`);
    expect(run.output).toContain(`database ${fleet.database('inventory').name}`);
    expect(run.output).toContain(`database ${fleet.database('payment').name}`);
    expect(run.output).toContain('inventory: audit clean');
    expect(run.output).toContain('payment: audit clean');
    expect(run.output).toContain(`audit clean: 2 services of fleet ${fleet.runId}`);
  }, 60_000);

  it('--url audits the service behind a replica, named from its answer', async () => {
    const url = fleet.urls('inventory')[0] ?? '';
    const run = await audit(['--url', url]);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toContain(`inventory            GET ${url}/audit`);
    expect(run.output).toContain('inventory: audit clean');
  }, 60_000);

  it('with only a test fleet running and no option, it names the fleet and exits 2', async () => {
    const run = await audit([]);
    expect(run.code, run.output).toBe(2);
    expect(run.output).toContain('Nothing to audit: no demo or load-test fleet is running');
    expect(run.output).toContain(`npm run audit -- --fleet ${fleet.runId}`);
  }, 60_000);

  it('with no fleet at all, it says so plainly and exits 2', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'audit-cli-empty-'));
    try {
      const run = await audit([], empty);
      expect(run.code, run.output).toBe(2);
      expect(run.output).toContain('Nothing to audit');
      expect(run.output).toContain('npm run demo');
      expect(run.output).not.toContain('does not exist');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  }, 60_000);

  it('a broken invariant fails the audit with exit 1, naming the check', async () => {
    const sku = `audit-cli-${fleet.runId.replaceAll('_', '-')}`;
    const created = await fetch(`${fleet.urls('inventory')[0]}/skus`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-admin-token': localAdminToken() },
      body: JSON.stringify({ sku, name: 'Tampered item', priceCents: 100, stock: 5 }),
    });
    expect(created.status).toBe(201);
    // Units sold that no confirmed order explains: only the audit can see it.
    await fleet
      .pool('inventory')
      .query('UPDATE skus SET sold = sold + 1, available = available - 1 WHERE sku = $1', [sku]);
    const run = await audit(['--fleet', fleet.runId]);
    expect(run.code, run.output).toBe(1);
    expect(run.output).toContain('inventory: AUDIT FAILED');
    expect(run.output).toContain("FAIL  sold units equal the quantities of the SKU's confirmed");
    expect(run.output).toContain('AUDIT FAILED: see above');
  }, 60_000);

  it('once the fleet stops, its manifest is gone and --fleet says it is not running', async () => {
    await fleet.stop();
    expect(existsSync(join(fleetManifestDir(), `${fleet.runId}.json`))).toBe(false);
    const run = await audit(['--fleet', fleet.runId]);
    expect(run.code, run.output).toBe(2);
    expect(run.output).toContain(`no fleet ${fleet.runId} is running`);
  }, 60_000);
});
