import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type FleetManifest,
  readFleetManifests,
  removeFleetManifest,
  writeFleetManifest,
} from './fleet-manifest.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fleet-manifests-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function manifest(runId: string, ownerPid: number, startedAt: string): FleetManifest {
  return {
    runId,
    scenario: 'demo',
    ownerPid,
    startedAt,
    logDir: '/tmp/logs',
    services: {
      inventory: {
        database: `lockstep_fleet_${runId}_inventory`,
        replicas: [{ name: 'inventory-a', url: 'http://127.0.0.1:1', pid: 1 }],
      },
    },
  };
}

/** The pid of a process that has already exited. */
function deadPid(): number {
  const pid = spawnSync('true').pid;
  if (pid === undefined) throw new Error('could not start `true`');
  return pid;
}

describe('fleet manifests', () => {
  it('a written manifest reads back as live while its owner runs, newest first', () => {
    writeFleetManifest(manifest('old', process.pid, '2026-01-01T00:00:00.000Z'), dir);
    writeFleetManifest(manifest('new', process.pid, '2026-01-02T00:00:00.000Z'), dir);
    const { live, stale } = readFleetManifests(dir);
    expect(live.map((m) => m.runId)).toEqual(['new', 'old']);
    expect(live[0]?.services.inventory?.database).toBe('lockstep_fleet_new_inventory');
    expect(stale).toEqual([]);
  });

  it('a manifest whose owner has exited is stale', () => {
    writeFleetManifest(manifest('orphan', deadPid(), '2026-01-01T00:00:00.000Z'), dir);
    const { live, stale } = readFleetManifests(dir);
    expect(live).toEqual([]);
    expect(stale.map((m) => m.runId)).toEqual(['orphan']);
  });

  it('a removed manifest is gone, and removing it again is not an error', () => {
    writeFleetManifest(manifest('gone', process.pid, '2026-01-01T00:00:00.000Z'), dir);
    removeFleetManifest('gone', dir);
    removeFleetManifest('gone', dir);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a missing folder or an unreadable file reads as no fleet', () => {
    expect(readFleetManifests(join(dir, 'never-made'))).toEqual({ live: [], stale: [] });
    writeFileSync(join(dir, 'broken.json'), '{ half');
    expect(readFleetManifests(dir)).toEqual({ live: [], stale: [] });
  });
});
