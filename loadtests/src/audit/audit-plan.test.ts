import type { FleetManifest } from '@lockstep/infra-local';
import { describe, expect, it } from 'vitest';
import { fleetSources, planAudit } from './audit-plan.ts';

function fleet(runId: string, scenario: string): FleetManifest {
  return {
    runId,
    scenario,
    ownerPid: 1,
    startedAt: '2026-01-01T00:00:00.000Z',
    logDir: '/tmp',
    services: {
      inventory: {
        database: `lockstep_fleet_${runId}_inventory`,
        replicas: [
          { name: 'inventory-a', url: 'http://127.0.0.1:1', pid: 2 },
          { name: 'inventory-b', url: 'http://127.0.0.1:2', pid: 3 },
        ],
      },
    },
  };
}

const noFleets = { live: [], stale: [] };

describe('planAudit', () => {
  it('picks the newest demo or load-test fleet and names the others', () => {
    const live = [
      fleet('test', 'saga-e2e'),
      fleet('load', 'load-flash-sale'),
      fleet('demo', 'demo'),
    ];
    const plan = planAudit({ urls: [] }, { live, stale: [] }, '/d');
    expect(plan.kind === 'fleet' && plan.manifest.runId).toBe('load');
    expect(plan.kind === 'fleet' && plan.others.map((m) => m.runId)).toEqual(['demo']);
  });

  it('audits a test fleet only when --fleet names it', () => {
    const live = [fleet('test', 'saga-e2e')];
    expect(planAudit({ urls: [] }, { live, stale: [] }, '/d').kind).toBe('nothing');
    const named = planAudit({ fleet: 'test', urls: [] }, { live, stale: [] }, '/d');
    expect(named.kind === 'fleet' && named.manifest.runId).toBe('test');
  });

  it('says a fleet named by --fleet is gone when only its stale manifest is left', () => {
    const plan = planAudit(
      { fleet: 'old', urls: [] },
      { live: [], stale: [fleet('old', 'demo')] },
      '/d',
    );
    expect(plan.kind === 'nothing' && plan.message).toContain('fleet old is not running');
  });

  it('takes --url over any fleet', () => {
    const live = [fleet('demo', 'demo')];
    const plan = planAudit({ urls: ['http://127.0.0.1:8081'] }, { live, stale: [] }, '/d');
    expect(plan).toEqual({ kind: 'urls', urls: ['http://127.0.0.1:8081'] });
  });

  it('with nothing running, names the manifest folder and what to run instead', () => {
    const plan = planAudit({ urls: [] }, noFleets, '/work/.lockstep/run/fleets');
    expect(plan.kind === 'nothing' && plan.message).toContain('/work/.lockstep/run/fleets');
    expect(plan.kind === 'nothing' && plan.message).toContain('npm run demo');
  });
});

describe('fleetSources', () => {
  it('lists every replica of a service and its database', () => {
    expect(fleetSources(fleet('r', 'demo'))).toEqual([
      {
        service: 'inventory',
        urls: ['http://127.0.0.1:1', 'http://127.0.0.1:2'],
        note: 'database lockstep_fleet_r_inventory',
      },
    ]);
  });
});
