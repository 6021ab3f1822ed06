import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { FleetService } from './fleet-service.js';

/** The repository root, where `node --import tsx` resolves from (same depth from src/ and dist/). */
export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** How to start one replica. */
export interface ReplicaSpec {
  service: FleetService;
  /** Unique within the run, e.g. `payment-b`; names the log file. */
  name: string;
  /** The port it is told to listen on (PORT). */
  port: number;
  /** The replica's configuration, exactly as its main.ts reads it. */
  env: Record<string, string>;
  /** Directory its stdout and stderr are appended to, as `<name>.log`. */
  logDir: string;
  /** Preload @lockstep/telemetry/register, the loader hook auto-instrumentation needs. */
  telemetry: boolean;
  /**
   * `source`: `src/main.ts` through tsx, every package from its TypeScript (no build needed).
   * `built`: `dist/main.js` as production runs it (`npm start`, the container image); needs
   * `npm run build` first. tsx's loader costs CPU on every lazy `require` (kafkajs loads its
   * protocol modules per request), so load runs measure `built`.
   */
  code?: 'source' | 'built';
}

// Replicas still running when the launching process exits (a crash, a hung teardown) are
// killed with it, so no orphan keeps consuming from the shared topics.
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * One replica of a service as a child process running its `src/main.ts` through tsx, with the
 * `lockstep-source` condition so every package loads from its TypeScript sources (no build
 * needed), or its built `dist/main.js` (see {@link ReplicaSpec.code}). A child process, not an
 * in-process service, so a replica can be SIGKILLed mid-flight and each has its own event loop,
 * as in production.
 */
export class ReplicaProcess {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Where its output goes. */
  readonly logFile: string;
  /** Settles when the process has exited, with its exit code or the signal that ended it. */
  readonly exited: Promise<number | string>;
  private exitedWith: number | string | undefined;

  private constructor(
    readonly spec: ReplicaSpec,
    private readonly child: ChildProcess,
  ) {
    this.url = `http://127.0.0.1:${spec.port}`;
    this.logFile = join(spec.logDir, `${spec.name}.log`);
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        running.delete(child);
        this.exitedWith = code ?? signal ?? 'unknown';
        resolve(this.exitedWith);
      });
    });
  }

  /** Spawns the replica; call {@link waitReady} before sending it work. */
  static spawn(spec: ReplicaSpec): ReplicaProcess {
    const logFile = join(spec.logDir, `${spec.name}.log`);
    const out = openSync(logFile, 'a');
    try {
      const child = spawn(process.execPath, nodeArguments(spec), {
        cwd: repoRoot,
        // A clean environment: only what main.ts should read, so nothing of the launcher's
        // (NODE_ENV=test, VITEST_*) changes how a replica behaves.
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          // For debugging a replica: FLEET_NODE_OPTIONS="--inspect=0" becomes its NODE_OPTIONS.
          // Node refuses --cpu-prof there; profile a replica with CPU_PROFILE_DIR and SIGUSR2.
          ...(process.env.FLEET_NODE_OPTIONS
            ? { NODE_OPTIONS: process.env.FLEET_NODE_OPTIONS }
            : {}),
          ...spec.env,
        },
        stdio: ['ignore', out, out],
        // Its own process group: a Ctrl-C at the launcher's terminal must not stop the replicas
        // under a load run that is still finishing; the launcher stops them (and SIGKILLs them
        // when it exits, below).
        detached: true,
      });
      running.add(child);
      return new ReplicaProcess(spec, child);
    } finally {
      // The child holds its own copy of the descriptor.
      closeSync(out);
    }
  }

  /** The child's process id. */
  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Whether the process is still running. */
  get alive(): boolean {
    return this.exitedWith === undefined;
  }

  /**
   * Resolves once GET /readyz answers 200 (database, Kafka and lock backend all answer);
   * rejects, with the end of the log, if the process exits first or `timeoutMs` passes.
   */
  async waitReady(timeoutMs = 150_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.alive) {
        throw new Error(
          `${this.spec.name} exited (${this.exitedWith}) before it was ready; its log ${this.logFile} ends:\n${this.logTail()}`,
        );
      }
      if ((await probe(`${this.url}/readyz`)) === 200) return;
      await sleep(200);
    }
    throw new Error(
      `${this.spec.name} not ready after ${timeoutMs} ms; its log ${this.logFile} ends:\n${this.logTail()}`,
    );
  }

  /** SIGKILL: no shutdown hook runs, no lock is released, nothing is committed. */
  async kill(): Promise<void> {
    if (!this.alive) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM (graceful shutdown), then SIGKILL if it has not exited within `graceMs`. */
  async stop(graceMs = 15_000): Promise<number | string> {
    if (!this.alive) return this.exitedWith ?? 'unknown';
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** The last `lines` lines of the replica's log, for failure messages. */
  logTail(lines = 30): string {
    try {
      return readFileSync(this.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }
}

function nodeArguments(spec: ReplicaSpec): string[] {
  const telemetry = spec.telemetry ? ['--import', '@lockstep/telemetry/register'] : [];
  if (spec.code === 'built') {
    return [...telemetry, builtMain(spec.service)];
  }
  return [
    '--import',
    'tsx',
    ...telemetry,
    '--conditions=lockstep-source',
    join('services', spec.service, 'src', 'main.ts'),
  ];
}

/** A service's compiled entry point; throws, naming the fix, when it was never built. */
function builtMain(service: FleetService): string {
  const main = join('services', service, 'dist', 'main.js');
  if (!existsSync(join(repoRoot, main))) {
    throw new Error(`${main} is missing: run \`npm run build\` before starting built replicas`);
  }
  return main;
}

/** The status of a GET, or 0 when nothing answers yet. */
async function probe(url: string): Promise<number> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await response.body?.cancel();
    return response.status;
  } catch {
    // Not listening yet (or busy starting): the caller polls again.
    return 0;
  }
}
