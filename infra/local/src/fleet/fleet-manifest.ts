import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FleetService } from './fleet-service.js';
import { repoRoot } from './replica-process.js';

/** One replica as a manifest records it. */
export interface ManifestReplica {
  /** e.g. `inventory-a`. */
  name: string;
  /** `http://127.0.0.1:<port>`. */
  url: string;
  pid: number;
}

/**
 * What a live fleet writes about itself to `<LOCKSTEP_HOME>/run/fleets/<runId>.json`, so tools
 * started beside it (`npm run audit`) find its replicas and per-run databases. Written once the
 * fleet is ready, rewritten when a replica is replaced, removed when the fleet stops; a fleet
 * whose owner died without stopping leaves a manifest that {@link readFleetManifests} reports
 * as stale.
 */
export interface FleetManifest {
  runId: string;
  /** What started it: `demo`, `load-flash-sale`, a test's name. */
  scenario: string;
  /** The process that started the fleet and owns its replicas. */
  ownerPid: number;
  /** ISO time the fleet became ready. */
  startedAt: string;
  /** Where the replicas' logs are. */
  logDir: string;
  /** Per service: its run's database name and its live replicas. */
  services: Partial<Record<FleetService, { database: string; replicas: ManifestReplica[] }>>;
}

/** The folder of manifests: LOCKSTEP_HOME's run folder, where the stack's pid files live too. */
export function fleetManifestDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.LOCKSTEP_HOME ?? join(repoRoot, '.lockstep'), 'run', 'fleets');
}

/** Writes (or rewrites) a fleet's manifest; a reader never sees half a file. */
export function writeFleetManifest(manifest: FleetManifest, dir = fleetManifestDir()): void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${manifest.runId}.json`);
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, `${JSON.stringify(manifest, null, 2)}\n`);
  renameSync(partial, file);
}

/** Removes a fleet's manifest; nothing happens if there is none. */
export function removeFleetManifest(runId: string, dir = fleetManifestDir()): void {
  rmSync(join(dir, `${runId}.json`), { force: true });
}

/** Every manifest in `dir`, split by whether its owner process is still alive. */
export interface FleetManifests {
  /** Owner alive, newest first. */
  live: FleetManifest[];
  /** Owner gone: the fleet was not stopped (a crash, a SIGKILL); its replicas died with it. */
  stale: FleetManifest[];
}

/**
 * Reads every manifest. A pid can be reused after its owner dies, so "live" means "probably":
 * callers still see whether the replicas answer. Unreadable files are skipped; a fleet writing
 * its manifest right now is read on the next call.
 */
export function readFleetManifests(dir = fleetManifestDir()): FleetManifests {
  const manifests: FleetManifest[] = [];
  let files: string[];
  try {
    files = readdirSync(dir).filter((file) => file.endsWith('.json'));
  } catch {
    // No folder yet: no fleet has ever run with this LOCKSTEP_HOME.
    return { live: [], stale: [] };
  }
  for (const file of files) {
    try {
      manifests.push(JSON.parse(readFileSync(join(dir, file), 'utf8')) as FleetManifest);
    } catch {
      // Removed between readdir and read, or not ours: skipping it loses nothing.
    }
  }
  manifests.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  return {
    live: manifests.filter((m) => isProcessRunning(m.ownerPid)),
    stale: manifests.filter((m) => !isProcessRunning(m.ownerPid)),
  };
}

/** Whether a process with this pid exists (signal 0 checks without sending anything). */
export function isProcessRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, owned by another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
