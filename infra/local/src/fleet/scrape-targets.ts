import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './replica-process.js';

/** One replica as Prometheus should scrape it. */
export interface ScrapeReplica {
  /** Its name within the run, e.g. `inventory-a`: the `replica` label. */
  replica: string;
  /** `host:port` where it serves `/metrics`. */
  address: string;
}

/**
 * Where the native Prometheus reads its file_sd files: `.lockstep/run/prometheus/targets`
 * (LOCKSTEP_HOME moves `.lockstep`), the directory infra/local/bin/servers/prometheus.sh links
 * as `targets/` beside its config.
 */
export function scrapeTargetsDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.LOCKSTEP_HOME ?? join(repoRoot, '.lockstep'), 'run', 'prometheus', 'targets');
}

// Files of runs still open when the process exits (a crash, a test that never stopped its
// fleet) are removed with it, so Prometheus does not keep scraping ports nobody serves.
const open = new Set<ScrapeTargets>();
process.once('exit', () => {
  for (const targets of open) targets.removeAll();
});

/**
 * The file_sd files of one run: `<dir>/<run>-<service>.json`, one per service, listing its live
 * replicas labelled `service`, `replica` and `run`. Each file is written whole under a temporary
 * name and renamed, so Prometheus, which re-reads a file when it changes, never reads half of
 * one. A service without a live replica has no file.
 */
export class ScrapeTargets {
  private readonly services = new Set<string>();

  constructor(
    /** The directory Prometheus watches. */
    readonly dir: string,
    /** The `run` label and file name prefix; a fleet's run id. */
    readonly run: string,
  ) {}

  /** The file listing a service's replicas. */
  file(service: string): string {
    return join(this.dir, `${this.run}-${service}.json`);
  }

  /** Makes the service's file list exactly these replicas; none removes the file. */
  publish(service: string, replicas: readonly ScrapeReplica[]): void {
    if (replicas.length === 0) {
      rmSync(this.file(service), { force: true });
      this.services.delete(service);
      if (this.services.size === 0) open.delete(this);
      return;
    }
    const groups = replicas.map(({ replica, address }) => ({
      targets: [address],
      labels: { service, replica, run: this.run },
    }));
    mkdirSync(this.dir, { recursive: true });
    const temporary = `${this.file(service)}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(groups, null, 2)}\n`);
    renameSync(temporary, this.file(service));
    this.services.add(service);
    open.add(this);
  }

  /** Removes every file of this run. */
  removeAll(): void {
    for (const service of this.services) rmSync(this.file(service), { force: true });
    this.services.clear();
    open.delete(this);
  }
}

/**
 * Removes the files of fleet runs whose process is gone (killed before its exit hook ran): a
 * run id starts with the pid of the process that launched it (see run-id.ts).
 */
export function removeStaleScrapeTargets(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    // No directory yet: nothing was ever published here.
    return;
  }
  for (const name of names) {
    const pid = /^(\d+)_[0-9a-f]+-.+\.json$/.exec(name)?.[1];
    if (pid !== undefined && !processAlive(Number(pid))) rmSync(join(dir, name), { force: true });
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
