import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fleetServices } from '@lockstep/infra-local';
import { repoRoot } from './paths.js';

const bin = join(repoRoot, 'infra', 'local', 'bin');

/**
 * Makes sure the local stack answers and k6 is built: status.sh first (quiet, quick); only if a
 * server is down, up.sh, which installs what is missing and starts only the servers that are
 * not running. Returns the servers it started, for {@link releaseLocalStack}. Throws if either
 * script fails.
 */
export function ensureLocalStack(log: (message: string) => void): string[] {
  const status = spawnSync('bash', [join(bin, 'status.sh')], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'ignore'],
    encoding: 'utf8',
  });
  const down = downServers(status.stdout ?? '');
  let started: string[] = [];
  if (status.status !== 0) {
    log(
      `local stack is not fully up (${down.join(', ') || 'status failed'}): running npm run infra:up`,
    );
    run('up.sh');
    started = down;
  }
  run('install-k6.sh');
  return started;
}

/** The servers status.sh reports down (its lines: name, state, address, version, pid). */
export function downServers(statusOutput: string): string[] {
  return statusOutput
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter(([name, state]) => name !== undefined && name !== '' && state === 'down')
    .map(([name]) => name as string);
}

/**
 * Ends a run's use of the local stack: stops the servers {@link ensureLocalStack} started
 * (down.sh stops only those, by the pids it recorded), or with `keep` leaves them up and says
 * how to stop them. Servers that were already up are never touched. A failing down.sh is
 * logged, not thrown.
 */
export function releaseLocalStack(
  started: readonly string[],
  keep: boolean,
  log: (message: string) => void,
): void {
  if (started.length === 0) {
    log('the local stack was up before this run and stays up (npm run infra:down stops it)');
    return;
  }
  if (keep) {
    log(
      `leaving up the servers this run started (${started.join(', ')}); stop them with npm run infra:down`,
    );
    return;
  }
  log(`stopping the servers this run started: ${started.join(', ')} (--keep-stack leaves them up)`);
  try {
    run('down.sh', started);
  } catch (error) {
    // Not thrown: the run's own outcome matters more, and this says what to do by hand.
    log(`${(error as Error).message}; stop what is left with npm run infra:down`);
  }
}

function run(script: string, args: readonly string[] = []): void {
  const result = spawnSync('bash', [join(bin, script), ...args], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    throw new Error(`infra/local/bin/${script} failed (exit ${result.status ?? result.signal})`);
  }
}

/**
 * Builds the services and the packages they use (turbo: seconds when nothing changed), so a
 * fleet can run them as production does, from `dist/` (FleetOptions.code `built`). Only those:
 * a load run needs nothing else built, and should not fail on a package it never runs. Throws
 * if the build fails.
 */
export function ensureBuilt(log: (message: string) => void): void {
  const filters = fleetServices.map((service) => `--filter=@lockstep/${service}`);
  log('building the services (npx turbo run build; cached when nothing changed)');
  const result = spawnSync(
    'npx',
    ['turbo', 'run', 'build', ...filters, '--output-logs=errors-only'],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' },
    },
  );
  if (result.status !== 0) {
    throw new Error(`npx turbo run build failed (exit ${result.status ?? result.signal})`);
  }
}
